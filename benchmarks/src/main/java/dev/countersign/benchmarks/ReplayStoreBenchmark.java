package dev.countersign.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;

/**
 * One mark of a used action token, from 8 threads at once, in the shared replay stores,
 * beside the plain Spring way of the same write ({@code setIfAbsent} through
 * {@link StringRedisTemplate}, one {@code INSERT … ON CONFLICT DO NOTHING} through
 * {@link JdbcTemplate} per mark). With two or more CPUs the benchmark's JVM runs on CPU 1
 * and Redis and PostgreSQL on CPU 0 ({@link Affinity}), so marks per second are what one
 * core of an API can do: the inverse of the CPU a mark costs it. Redis on 127.0.0.1:6379,
 * PostgreSQL on {@code COUNTERSIGN_BENCH_PG} (default 127.0.0.1:5432, production
 * durability), a fresh database per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class ReplayStoreBenchmark {

	private static final Duration TTL = Duration.ofMinutes(5);

	private static final String SPRING_INSERT = "INSERT INTO countersign_used_action_token (jti_hash, expires_at) "
			+ "VALUES (?, to_timestamp(CAST(? AS bigint) / 1000.0)) ON CONFLICT (jti_hash) DO NOTHING";

	/**
	 * The store, or the plain Spring write it is compared with.
	 */
	@Param({ "redis-spring-template-unobserved", "redis-spring-template", "redis-store", "redis-jedis-store",
			"jdbc-spring-template", "jdbc-store" })
	public String store = "redis-store";

	private final AtomicLong sequence = new AtomicLong();

	private final String prefix = UUID.randomUUID().toString();

	private @Nullable Affinity affinity;

	private @Nullable LettuceConnectionFactory redisFactory;

	private @Nullable ClientResources clientResources;

	private @Nullable JedisConnectionFactory jedisFactory;

	private long iterationCpu;

	private long iterationMarks;

	private ServerLoad.@Nullable Database database;

	private @Nullable HikariDataSource dataSource;

	private ReplayStore mark = (jti, expiresAt) -> false;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		if (Runtime.getRuntime().availableProcessors() >= 2) {
			this.affinity = Affinity.split();
		}
		if (this.store.equals("redis-jedis-store")) {
			JedisConnectionFactory factory = new JedisConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", 6379));
			factory.afterPropertiesSet();
			factory.start();
			this.jedisFactory = factory;
			this.mark = new RedisReplayStore(new StringRedisTemplate(factory));
		}
		else if (this.store.startsWith("redis")) {
			// as Spring Boot configures Lettuce in an application with the actuator:
			// every
			// command observed, its timer in the application's meter registry
			LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
			if (!this.store.endsWith("-unobserved")) {
				ObservationRegistry observations = ObservationRegistry.create();
				observations.observationConfig()
					.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
				this.clientResources = ClientResources.builder()
					.tracing(new MicrometerTracing(observations, "Redis"))
					.build();
				client.clientResources(this.clientResources);
			}
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", 6379), client.build());
			factory.afterPropertiesSet();
			factory.start();
			this.redisFactory = factory;
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			this.mark = this.store.equals("redis-store") ? new RedisReplayStore(redis)
					: (jti, expiresAt) -> Boolean.TRUE.equals(redis.opsForValue()
						.setIfAbsent("countersign:bench:" + jti, "1", Duration.between(Instant.now(), expiresAt)));
		}
		else {
			String admin = System.getenv()
				.getOrDefault("COUNTERSIGN_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
			this.database = ServerLoad.Database.fresh(admin, "bench_replay");
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(this.database.url());
			dataSource.setMaximumPoolSize(10);
			this.dataSource = dataSource;
			new ResourceDatabasePopulator(
					new ClassPathResource("dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql"))
				.execute(dataSource);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			this.mark = this.store.equals("jdbc-store") ? new JdbcReplayStore(jdbc)
					: (jti, expiresAt) -> jdbc.update(SPRING_INSERT, (statement) -> {
						statement.setString(1, jti);
						statement.setLong(2, expiresAt.toEpochMilli());
					}) == 1;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		if (this.redisFactory != null) {
			this.redisFactory.destroy();
		}
		if (this.jedisFactory != null) {
			this.jedisFactory.destroy();
		}
		if (this.clientResources != null) {
			this.clientResources.shutdown();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		if (this.database != null) {
			this.database.close();
		}
		if (this.affinity != null) {
			this.affinity.close();
		}
	}

	@Setup(Level.Iteration)
	public void startIteration() {
		this.iterationCpu = processCpuNanos();
		this.iterationMarks = this.sequence.get();
	}

	/**
	 * Prints this JVM's CPU per mark in the iteration: the store's cost to an API, less
	 * what Redis and PostgreSQL spend in their own processes.
	 */
	@TearDown(Level.Iteration)
	public void endIteration() {
		long marks = this.sequence.get() - this.iterationMarks;
		if (marks > 0) {
			System.out.printf(" [JVM CPU %.1f µs per mark]", (processCpuNanos() - this.iterationCpu) / 1000.0 / marks);
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	@Benchmark
	public boolean markUsed() {
		String jti = this.prefix + "-" + this.sequence.incrementAndGet();
		return this.mark.markUsed(jti, Instant.now().plus(TTL));
	}

}
