package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import org.chartkeeper.record.DocumentContent;
import org.chartkeeper.record.RecordService;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

/**
 * A document's content as FHIR Binary ({@code Binary/{document id}}, its current version): the bytes as stored,
 * checked against their SHA-256 by the record service (a mismatch is refused, never served). A client that does not
 * ask for FHIR JSON gets the raw content with its media type.
 */
public class BinaryProvider implements IResourceProvider {

    private final RecordService records;

    BinaryProvider(RecordService records) {
        this.records = records;
    }

    @Override
    public Class<Binary> getResourceType() {
        return Binary.class;
    }

    @Read
    public Binary read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        DocumentContent c = records.content(id.getIdPartAsLong(), null);
        Binary b = new Binary();
        b.setId(id.getIdPart());
        if (c.bytes() != null) {
            b.setContentType(c.mediaType() == null ? "application/octet-stream" : c.mediaType());
            b.setData(c.bytes());
        } else {
            b.setContentType("text/plain; charset=utf-8");
            b.setData(c.text() == null ? new byte[0] : c.text().getBytes(StandardCharsets.UTF_8));
        }
        b.setSecurityContext(new org.hl7.fhir.r4.model.Reference("DocumentReference/" + id.getIdPart()));
        return b;
    }
}
