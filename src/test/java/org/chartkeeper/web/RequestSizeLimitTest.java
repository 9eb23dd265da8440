package org.chartkeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.ChartkeeperProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** Only the upload endpoints take large bodies, up to chartkeeper.record.max-upload; beyond it a clear 413. */
class RequestSizeLimitTest {

    final RequestSizeLimit filter = new RequestSizeLimit(new ChartkeeperProperties(null, false, null, null, null,
            new ChartkeeperProperties.Record(DataSize.ofMegabytes(5))));

    MockHttpServletResponse send(String uri, String contentType, long length) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri) {
            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
        request.setContentType(contentType);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void a_scan_upload_within_the_configured_maximum_passes() throws Exception {
        assertThat(send("/api/scan-batches/uploads", "multipart/form-data; boundary=x", 4L << 20).getStatus()).isEqualTo(200);
        assertThat(send("/patients/7/record/uploads", "multipart/form-data; boundary=x", 4L << 20).getStatus()).isEqualTo(200);
        assertThat(send("/api/code-sets", "multipart/form-data; boundary=x", 3L << 20).getStatus())
                .as("CMS code-set files are a few MB").isEqualTo(200);
    }

    @Test
    void an_upload_beyond_the_configured_maximum_is_refused_with_413_naming_the_limit() throws Exception {
        MockHttpServletResponse r = send("/record/scans/uploads", "multipart/form-data; boundary=x", 6L << 20);
        assertThat(r.getStatus()).isEqualTo(413);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).contains("the limit is " + (5L << 20) + " bytes");
    }

    @Test
    void multipart_bodies_elsewhere_keep_the_1_MB_limit() throws Exception {
        assertThat(send("/patients/7/record/new", "multipart/form-data; boundary=x", 2L << 20).getStatus()).isEqualTo(413);
        assertThat(send("/api/patients/7/documents", "application/json", 2L << 20).getStatus()).isEqualTo(413);
    }
}
