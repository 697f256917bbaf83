package dev.countersign.core;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthorizationDetailTests {

	@Test
	void readWhenCanonicalJsonThenTheSameDetailWrittenBack() {
		String json = "{\"type\":\"orders.update\",\"parameters\":{\"amount\":250.00,\"orderId\":7},\"fields\":[\"status\"]}";
		AuthorizationDetail detail = AuthorizationDetail.read(StrictJson.read(json));
		assertThat(detail.type()).isEqualTo("orders.update");
		assertThat(detail.parameters().get("amount")).isEqualTo(new BigDecimal("250.00"));
		assertThat(detail.fields()).containsExactly("status");
		assertThat(detail.toJson()).isEqualTo(json);
	}

	@Test
	void readWhenNoTypeOrNoParametersThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AuthorizationDetail.read(StrictJson.read("{\"parameters\":{}}")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AuthorizationDetail.read(StrictJson.read("{\"type\":\"x\",\"parameters\":[]}")));
	}

	@Test
	void fieldsOfWhenAbsentThenNull() {
		assertThat(AuthorizationDetail.fieldsOf(StrictJson.read("{\"type\":\"x\"}"))).isNull();
		assertThat(AuthorizationDetail.fieldsOf(StrictJson.read("{\"fields\":[\"a\",\"b\"]}"))).containsExactly("a",
				"b");
	}

}
