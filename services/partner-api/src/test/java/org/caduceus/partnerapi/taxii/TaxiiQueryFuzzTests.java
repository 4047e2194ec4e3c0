package org.caduceus.partnerapi.taxii;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any TAXII query parameters (added_after, limit, next, match[...]) are read or refused
 * with a TAXII error naming the parameter, never with another exception (which the server
 * would answer with a 500).
 */
class TaxiiQueryFuzzTests {

	static final String[] NAMES = { "added_after", "limit", "next", "match[type]", "match[id]", "match[version]",
			"match[spec_version]" };

	@FuzzTest(maxDuration = "10s")
	void anyQueryIsReadOrRefusedInTaxiisFormat(FuzzedDataProvider data) {
		LinkedMultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		int count = data.consumeInt(0, 8);
		for (int i = 0; i < count; i++) {
			query.add(data.pickValue(NAMES), data.consumeString(64));
		}
		try {
			TaxiiController.Request request = TaxiiController.request(query, data.consumeBoolean());
			assertThat(request.limit()).isBetween(1, TaxiiController.MAX_PAGE);
		}
		catch (TaxiiError refused) {
			assertThat(refused.getMessage()).isNotNull();
		}
	}

}
