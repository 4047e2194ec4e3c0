package org.caduceus.intake.incident;

import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class RefAllocatorIntegrationTests {

	@Autowired
	RefAllocator refs;

	@Test
	void numbersRunWithoutGapsAndAGivenBackNumberIsUsedFirst() {
		String series = "ZZ-" + (2100 + (int) (System.nanoTime() % 700));
		long first = this.refs.allocate(series).block();
		long second = this.refs.allocate(series).block();
		assertThat(second).isEqualTo(first + 1);
		this.refs.release(series, first).block();
		assertThat(this.refs.allocate(series).block()).isEqualTo(first);
		assertThat(this.refs.allocate(series).block()).isEqualTo(second + 1);
		assertThat(this.refs.issued(series).block()).isEqualTo(second + 1);
	}

}
