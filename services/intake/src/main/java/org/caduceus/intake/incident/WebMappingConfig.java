package org.caduceus.intake.incident;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/** Every web mapper maps every target property, or the build fails. */
@MapperConfig(componentModel = "spring", unmappedTargetPolicy = ReportingPolicy.ERROR)
interface WebMappingConfig {

}
