package dev.countersign.resource.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * Micrometer meters from {@link ActionCheckEvent}s: the counter
 * {@code countersign.actions} and the timer {@code countersign.action.checks}, both
 * tagged with the action {@code type}, the {@code mode} and the {@code outcome}
 * ({@code accepted} or the refusal's error code).
 */
public final class ActionCheckMetrics implements ApplicationListener<ActionCheckEvent> {

	private final MeterRegistry registry;

	public ActionCheckMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(ActionCheckEvent event) {
		String mode = event.getMode().name().toLowerCase(java.util.Locale.ROOT);
		Counter.builder("countersign.actions")
			.description("Requests of routes bound to action types, by outcome")
			.tags("type", event.getActionType(), "mode", mode, "outcome", event.getOutcome())
			.register(this.registry)
			.increment();
		Timer.builder("countersign.action.checks")
			.description("Time the starter spent checking a bound request, replay store included")
			.tags("type", event.getActionType(), "mode", mode, "outcome", event.getOutcome())
			.register(this.registry)
			.record(event.getDuration());
	}

}
