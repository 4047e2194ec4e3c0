package org.caduceus.intake.incident;

import java.util.ArrayList;
import java.util.List;

import org.caduceus.intake.incident.IncidentRequests.ContactRequest;
import org.caduceus.intake.incident.IncidentRequests.ObservableRequest;
import org.caduceus.intake.incident.IncidentRequests.ReporterRequest;
import org.caduceus.intake.incident.IncidentResponses.ContactView;
import org.caduceus.intake.incident.IncidentResponses.IncidentSummary;
import org.caduceus.intake.incident.IncidentResponses.IncidentView;
import org.caduceus.intake.incident.IncidentResponses.NoteView;
import org.caduceus.intake.incident.IncidentResponses.ObservableView;
import org.caduceus.intake.incident.IncidentResponses.RelatedView;
import org.caduceus.intake.incident.IncidentResponses.ReporterView;
import org.caduceus.intake.observable.InvalidObservable;
import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.InvalidTaxonomyValue;
import org.caduceus.taxonomy.MedicalDevice;
import org.caduceus.taxonomy.Nis2EntityType;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.TaxonomyValue;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/**
 * The web edge of intake: request bodies to domain values (parsing every taxonomy code
 * and observable, naming the field that is wrong) and the aggregate to response bodies.
 */
@Mapper(config = WebMappingConfig.class)
interface IncidentWebMapper {

	@Mapping(target = "description", defaultValue = "")
	@Mapping(target = "classification",
			expression = "java(classification(request.rsitClass(), request.rsitType(), request.careServices(), request.medicalDevice()))")
	@Mapping(target = "pap", defaultValue = "AMBER")
	@Mapping(target = "severity", defaultValue = "MEDIUM")
	@Mapping(target = "patientSafetyImpact", defaultValue = "NONE")
	@Mapping(target = "careDisruption", defaultValue = "NONE")
	@Mapping(target = "origin", expression = "java(Origin.LOCAL)")
	@Mapping(target = "significant", defaultValue = "false")
	@Mapping(target = "crossBorderImpact", defaultValue = "false")
	IncidentDraft toDraft(IncidentRequests.Create request);

	@Mapping(target = "careServices",
			expression = "java(request.careServices() == null ? null : careServices(request.careServices()))")
	IncidentChanges toChanges(IncidentRequests.Update request);

	@Mapping(target = "related", source = "related")
	@Mapping(target = "journal", source = "journal")
	@Mapping(target = "reporter", expression = "java(reporter(incident.getReporter(), showContact))")
	@Mapping(target = "transitions", expression = "java(showContact ? transitions(incident) : java.util.List.of())")
	IncidentView toView(Incident incident, List<NoteView> journal, List<RelatedView> related, boolean showContact);

	@Mapping(target = "rsitClass", source = "classification.rsitClass")
	@Mapping(target = "rsitType", source = "classification.rsitType")
	@Mapping(target = "reporterOrganisation", source = "reporter.organisation")
	@Mapping(target = "observableCount", expression = "java(incident.getObservables().size())")
	IncidentSummary toSummary(Incident incident);

	List<IncidentSummary> toSummaries(List<Incident> incidents);

	NoteView toView(Note note);

	ObservableView toView(Observable observable);

	IncidentResponses.ClassificationView toView(Classification classification);

	IncidentResponses.OriginView toView(Origin origin);

	ContactView toView(ContactPerson contact);

	@Mapping(target = "id", source = "related.incident.id")
	@Mapping(target = "ref", source = "related.incident.ref")
	@Mapping(target = "title", source = "related.incident.title")
	@Mapping(target = "tlp", source = "related.incident.tlp")
	@Mapping(target = "status", source = "related.incident.status")
	@Mapping(target = "sharedObservables", source = "related.sharedObservables")
	RelatedView toView(IncidentService.Related related);

	List<RelatedView> toRelatedViews(List<IncidentService.Related> related);

	/** The statuses the incident may move to next, in the lifecycle's order. */
	default List<String> transitions(Incident incident) {
		return incident.getStatus().next().stream().map(Enum::name).toList();
	}

	default ReporterView reporter(Reporter reporter, boolean showContact) {
		return new ReporterView(reporter.organisation(),
				(reporter.entityType() != null) ? reporter.entityType().code() : null,
				(showContact && reporter.contact() != null) ? toView(reporter.contact()) : null,
				reporter.consentToShare());
	}

	default @Nullable Reporter reporter(@Nullable ReporterRequest request) {
		if (request == null) {
			return null;
		}
		Nis2EntityType type;
		try {
			type = (request.entityType() != null) ? Nis2EntityType.of(request.entityType()) : null;
		}
		catch (InvalidTaxonomyValue ex) {
			throw new InvalidTaxonomyValue("reporter.entityType", ex.getMessage().replaceFirst("^[^:]*: ", ""));
		}
		ContactRequest contact = request.contact();
		return new Reporter(request.organisation(), type,
				(contact != null) ? new ContactPerson(contact.name(), contact.email(), contact.phone()) : null,
				Boolean.TRUE.equals(request.consentToShare()));
	}

	default Classification classification(String rsitClass, String rsitType, @Nullable List<String> careServices,
			@Nullable String medicalDevice) {
		return Classification.current(rsitClass, rsitType,
				(careServices != null) ? careServices(careServices) : List.of(),
				(medicalDevice != null) ? MedicalDevice.of(medicalDevice) : null);
	}

	default List<CareService> careServices(List<String> codes) {
		return codes.stream().map(CareService::of).toList();
	}

	default List<Observable> observables(@Nullable List<ObservableRequest> requests) {
		List<Observable> observables = new ArrayList<>();
		if (requests == null) {
			return observables;
		}
		for (int i = 0; i < requests.size(); i++) {
			try {
				observables.add(Observable.of(requests.get(i).type(), requests.get(i).value()));
			}
			catch (InvalidObservable ex) {
				throw new InvalidObservable("observables[" + i + "]." + ex.field(), ex.getMessage());
			}
		}
		return observables;
	}

	default @Nullable Tlp tlp(@Nullable String code) {
		return (code != null) ? Tlp.of(code) : null;
	}

	default @Nullable Pap pap(@Nullable String code) {
		return (code != null) ? Pap.of(code) : null;
	}

	default @Nullable Severity severity(@Nullable String code) {
		return (code != null) ? Severity.of(code) : null;
	}

	default @Nullable PatientSafetyImpact patientSafetyImpact(@Nullable String code) {
		return (code != null) ? PatientSafetyImpact.of(code) : null;
	}

	default @Nullable CareDisruption careDisruption(@Nullable String code) {
		return (code != null) ? CareDisruption.of(code) : null;
	}

	default @Nullable MedicalDevice medicalDevice(@Nullable String code) {
		return (code != null) ? MedicalDevice.of(code) : null;
	}

	default @Nullable String code(@Nullable TaxonomyValue value) {
		return (value != null) ? value.code() : null;
	}

	default String status(IncidentStatus status) {
		return status.name();
	}

	default String observableType(org.caduceus.intake.observable.ObservableType type) {
		return type.code();
	}

}
