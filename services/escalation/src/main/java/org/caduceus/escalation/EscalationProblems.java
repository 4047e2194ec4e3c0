package org.caduceus.escalation;

import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the escalation service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class EscalationProblems extends ProblemDetailsAdvice {

}
