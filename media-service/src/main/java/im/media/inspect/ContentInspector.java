package im.media.inspect;

import im.media.api.FileNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Decides what an upload is from its bytes.
 *
 * <ol>
 *   <li>Apache Tika's magic detection ({@link MimeTypes}, tika-core) on the first {@value #HEAD_BYTES} bytes. The
 *       client's suffix is passed to Tika only as a name hint: Tika uses it when the bytes match nothing (binary:
 *       {@code application/octet-stream}) or when it names a subtype of what the bytes say (text bytes + {@code html}:
 *       {@code text/html}; zip bytes + {@code docx}: the Word type), never against the bytes (PNG bytes + {@code html}
 *       stay {@code image/png}).</li>
 *   <li>Containers that tika-core's magic cannot tell apart are refined by reading their headers: Matroska/WebM
 *       ({@link EbmlReader}: DocType and track types, so a WebM whose tracks are all audio is {@code audio/webm}, one
 *       with a video track {@code video/webm}) and ISO media (MP4/MOV, {@link IsoBmffReader}: an ISO brand such as
 *       {@code isom} is {@code video/mp4}, not QuickTime; audio-only is {@code audio/mp4}).</li>
 *   <li>A few names are normalised to what browsers expect ({@code audio/vnd.wave} -> {@code audio/wav}).</li>
 *   <li>The extension comes from the type (Tika's first glob, or a more common one from {@link #EXTENSIONS}); for
 *       bytes nobody recognises it is the client's suffix (when it fits a stored name), else {@code bin}.</li>
 *   <li>The duration of WAV (header), MP4/MOV ({@code mvhd}) and WebM (Segment Info Duration) where present.</li>
 * </ol>
 */
@Component
public class ContentInspector {

    /** How much of the file type detection looks at (Tika's own window for magic and XML roots). */
    public static final int HEAD_BYTES = 64 * 1024;
    /** How much of a Matroska/WebM file the header walk may look at. */
    static final int EBML_BYTES = 512 * 1024;

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final Map<String, String> NORMALISED = Map.of(
            "audio/vnd.wave", "audio/wav",
            "audio/x-wav", "audio/wav",
            "audio/wave", "audio/wav",
            "audio/x-m4a", "audio/mp4");
    /** Extensions people expect where Tika's first glob is an unusual one. */
    private static final Map<String, String> EXTENSIONS = Map.of(
            "audio/wav", "wav",
            "audio/webm", "webm",
            "audio/mp4", "m4a",
            "audio/mpeg", "mp3",
            "audio/ogg", "ogg",
            "video/quicktime", "mov",
            "application/x-matroska", "mkv");
    private static final Set<String> MATROSKA = Set.of(
            "application/x-matroska", "video/x-matroska", "audio/x-matroska", "video/webm", "audio/webm");
    private static final Set<String> ISO_MEDIA = Set.of("video/quicktime", "video/mp4", "audio/mp4", "video/x-m4v");
    private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7",
            "iso8", "iso9", "mp41", "mp42", "avc1", "dash", "M4V ", "M4VH", "M4VP", "M4A ", "M4B ", "f4v ", "mmp4",
            "msnv", "ndas", "cmfc", "cmf2");

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();

    /**
     * @param file   the complete upload (on disk)
     * @param head   its first bytes, {@code headLength} of them ({@code min(size, HEAD_BYTES)} are enough)
     * @param suffix the client's extension without the dot, or null
     */
    public Inspection inspect(Path file, byte[] head, int headLength, String suffix) throws IOException {
        String cleanSuffix = suffix == null || suffix.isBlank() ? null : suffix.toLowerCase(Locale.ROOT);
        Metadata metadata = new Metadata();
        if (cleanSuffix != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, "upload." + cleanSuffix);
        }
        MediaType detected = mimeTypes.detect(
                new ByteArrayInputStream(head, 0, Math.min(headLength, HEAD_BYTES)), metadata);
        String type = normalise(detected.getBaseType().toString());
        Long durationMs = null;

        if (MATROSKA.contains(type)) {
            byte[] header = headerOf(file, EBML_BYTES);
            EbmlReader.Facts facts = EbmlReader.read(header, header.length);
            type = matroska(type, facts);
            durationMs = facts.durationMs();
        } else if (ISO_MEDIA.contains(type)) {
            IsoBmffReader.Facts facts = IsoBmffReader.read(file);
            type = isoMedia(type, facts);
            durationMs = facts.durationMs();
        } else if (type.equals("audio/wav")) {
            durationMs = WavDuration.of(file);
        }

        int contentType = LegacyContentType.of(type);
        if (contentType != LegacyContentType.AUDIO && contentType != LegacyContentType.VIDEO) {
            durationMs = null;
        }
        return new Inspection(type, extension(type, cleanSuffix), contentType, durationMs);
    }

    /** The first {@code max} bytes of the file (fewer if it is shorter). */
    private static byte[] headerOf(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }

    private static String normalise(String type) {
        return NORMALISED.getOrDefault(type, type);
    }

    private static String matroska(String type, EbmlReader.Facts facts) {
        if (facts.docType() == null) {
            return type;
        }
        boolean audioOnly = facts.tracksSeen() && facts.hasAudio() && !facts.hasVideo();
        return switch (facts.docType()) {
            case "webm" -> audioOnly ? "audio/webm" : "video/webm";
            case "matroska" -> audioOnly ? "audio/x-matroska" : "video/x-matroska";
            default -> type;
        };
    }

    private static String isoMedia(String type, IsoBmffReader.Facts facts) {
        String brand = facts.majorBrand();
        if (type.equals("video/quicktime") && brand != null && MP4_BRANDS.contains(brand)) {
            type = "video/mp4";
        }
        boolean audioOnly = facts.tracksSeen() && facts.hasAudio() && !facts.hasVideo();
        if (audioOnly && type.equals("video/mp4")) {
            type = "audio/mp4";
        }
        return type;
    }

    private String extension(String type, String suffix) {
        if (type.equals(OCTET_STREAM)) {
            return FileNames.isValidExtension(suffix) ? suffix : "bin";
        }
        String extension = EXTENSIONS.get(type);
        if (extension == null) {
            String glob;
            try {
                MimeType mimeType = mimeTypes.getRegisteredMimeType(type);
                glob = mimeType == null ? "" : mimeType.getExtension();
            } catch (MimeTypeException e) {
                glob = "";
            }
            extension = glob.startsWith(".") ? glob.substring(1) : "";
        }
        extension = extension.toLowerCase(Locale.ROOT);
        return FileNames.isValidExtension(extension) ? extension : "bin";
    }
}
