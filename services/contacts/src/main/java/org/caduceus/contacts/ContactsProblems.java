package org.caduceus.contacts;

import org.caduceus.web.problem.ProblemDetailsAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the contacts service's errors to RFC 9457 problem details. */
@RestControllerAdvice
class ContactsProblems extends ProblemDetailsAdvice {

}
