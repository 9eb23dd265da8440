package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.chartkeeper.audit.AuditReportService;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.encounter.ProviderService;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.PermissionService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR R4 at {@code /fhir}: HAPI FHIR's plain RestfulServer as its own servlet. Spring Security's API chain guards it
 * (bearer tokens, PathPatternRequestMatcher on /fhir/**); the providers are adapters over the services.
 */
@Configuration
@ConditionalOnWebApplication
class FhirServerConfig {

    /** Takes the clinical data kept as received out of a JSON transaction before HAPI parses it (see ReceivedBundle). */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<ReceivedBundle.Filter> receivedBundleFilter() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new ReceivedBundle.Filter());
        registration.addUrlPatterns("/fhir", "/fhir/");
        registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(PatientService patients, EncounterService encounters,
                                                       ProviderService providers, AuditReportService auditReports,
                                                       PermissionService permissions, AuditService audit,
                                                       BulkExportService exports, RecordService records,
                                                       FhirImportService imports,
                                                       org.chartkeeper.coding.EncounterCodingService coding,
                                                       org.chartkeeper.disclosure.ConsentService consents,
                                                       org.chartkeeper.audit.AccessGate gate,
                                                       org.chartkeeper.record.OutsideDataService outside) {
        FhirContext context = FhirContext.forR4();
        context.setParserErrorHandler(new FhirParserErrors());
        RestfulServer server = new RestfulServer(context);
        List<ca.uhn.fhir.rest.server.IResourceProvider> resourceProviders = new java.util.ArrayList<>(List.of(
                new PatientResourceProvider(patients),
                new EncounterResourceProvider(encounters), new PractitionerResourceProvider(providers, gate),
                new OrganizationResourceProvider(patients, gate),
                new AuditEventResourceProvider(auditReports, permissions, audit),
                new DocumentReferenceProvider(records), new BinaryProvider(records),
                new CodedDataProvider.Conditions(coding), new CodedDataProvider.Procedures(coding),
                new ConsentResourceProvider(consents)));
        OutsideResources.classes().values().forEach(c -> resourceProviders.add(new OutsideResourceProvider(c, outside)));
        server.setResourceProviders(resourceProviders);
        server.setPlainProviders(List.of(new PatientTransactionProvider(patients, imports),
                new PatientEverythingProvider(patients, encounters, providers, records, coding, consents, outside), new BulkExportProvider(exports)));
        server.registerInterceptor(new FhirErrors());
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setDefaultPrettyPrint(false);
        server.setImplementationDescription("Chartkeeper FHIR R4");
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
