package org.caduceus.console.oidc;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** On when {@code caduceus.console.oidc.issuer-uri} names an issuer (not merely set). */
class OidcEnabled implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String issuer = context.getEnvironment().getProperty("caduceus.console.oidc.issuer-uri");
		return issuer != null && !issuer.isBlank();
	}

}
