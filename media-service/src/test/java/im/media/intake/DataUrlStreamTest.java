package im.media.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DataUrlStreamTest {

    private static byte[] decode(String dataUrl) throws IOException {
        try (InputStream in = DataUrlStream.of(new ByteArrayInputStream(dataUrl.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theDataIsDecoded() throws IOException {
        byte[] bytes = {1, 2, 3, (byte) 250, 0, 42};
        assertThat(decode("data:image/png;base64," + Base64.getEncoder().encodeToString(bytes))).isEqualTo(bytes);
        assertThat(decode("DATA:application/octet-stream;BASE64," + Base64.getEncoder().encodeToString(bytes)))
                .isEqualTo(bytes);
        assertThat(decode("data:;base64,")).isEmpty();
    }

    @Test
    void lineBreaksAndSpacesInTheDataAreSkipped() throws IOException {
        byte[] bytes = new byte[200];
        new java.util.Random(1).nextBytes(bytes);
        String wrapped = Base64.getMimeEncoder().encodeToString(bytes);
        assertThat(wrapped).contains("\r\n");
        assertThat(decode("data:application/octet-stream;base64,\n" + wrapped + "\n")).isEqualTo(bytes);
    }

    @Test
    void dataAfterThePaddingIsRefusedNotIgnored() throws IOException {
        assertThat(decode("data:text/plain;base64,QQ==")).isEqualTo(new byte[] {'A'});
        assertThat(decode("data:text/plain;base64,QQ==\r\n  ")).as("white space after it").isEqualTo(new byte[] {'A'});
        assertThat(decode("data:text/plain;base64,QUI=")).isEqualTo(new byte[] {'A', 'B'});
        for (String trailing : new String[] {"QQ==QUJD", "QUI=QUJD", "QQ== x", "QQ===", "QUI=\n="}) {
            assertThatThrownBy(() -> decode("data:text/plain;base64," + trailing)).as(trailing)
                    .isInstanceOf(DataUrlStream.BadDataUrl.class)
                    .hasMessage("the data URL has data after its base64 padding");
        }
    }

    @Test
    void aTextThatIsNoDataUrlIsRefused() {
        for (String text : new String[]{"", "hello", "data:image/png,abc", "image/png;base64,AAAA",
                "data:image/png;base64" + "x".repeat(300) + ",AAAA"}) {
            assertThatThrownBy(() -> decode(text)).as(text).isInstanceOf(DataUrlStream.BadDataUrl.class);
        }
    }

    @Test
    void dataThatIsNotBase64IsRefused() {
        assertThatThrownBy(() -> decode("data:image/png;base64,AAAA*BBB")).isInstanceOf(DataUrlStream.BadDataUrl.class);
        assertThatThrownBy(() -> decode("data:image/png;base64,AAAA=AAA")).isInstanceOf(DataUrlStream.BadDataUrl.class);
    }

    @Test
    void aFailingRequestStreamIsNotABadDataUrl() {
        InputStream failing = new InputStream() {
            private int read;

            @Override
            public int read() throws IOException {
                String header = "data:image/png;base64,AAAA";
                if (read < header.length()) {
                    return header.charAt(read++);
                }
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> DataUrlStream.of(failing).readAllBytes())
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DataUrlStream.BadDataUrl.class)
                .hasMessage("connection reset");
    }
}
