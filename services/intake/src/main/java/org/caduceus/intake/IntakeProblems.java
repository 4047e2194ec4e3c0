package org.caduceus.intake;

import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the intake service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class IntakeProblems extends ProblemDetailsAdvice {

}
