package im.user.importing;

import im.user.config.UserImportProperties.Source;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Reads a source as a run would (same URL, paging, limits and mapping) without importing anything: what the legacy
 * {@code GET /http-req/get-user-data} shows an admin. Never a password or a hash: only whether a record has one.
 */
@Component
public class ImportPreview {

    /**
     * One record as it would be imported. For a record that cannot be, {@code valid} is false, {@code problem} and
     * {@code reason} say why, and only the external id and username are given (as far as they could be read).
     */
    public record PreviewRecord(String source, String externalId, String username, String nickname, String email,
                                String avatarUrl, boolean hasPassword, boolean valid, String problem, String reason) {
    }

    /** The source could not be read to the end: nothing is answered. */
    public static final class PreviewFailure extends Exception {
        public PreviewFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final ImportRunner runner;

    public ImportPreview(ImportRunner runner) {
        this.runner = runner;
    }

    /** The records of the source named {@code sourceName}, or of every source when it is {@code null}. */
    public List<PreviewRecord> preview(String sourceName) throws PreviewFailure, InterruptedException {
        List<Source> sources = sourceName == null ? runner.sources()
                : runner.sources().stream().filter(source -> source.name().equals(sourceName)).toList();
        if (sources.isEmpty()) {
            throw new ImportRunner.UnknownSource(sourceName);
        }
        List<PreviewRecord> records = new ArrayList<>();
        for (Source source : sources) {
            preview(source, records);
        }
        return records;
    }

    private void preview(Source source, List<PreviewRecord> out) throws PreviewFailure, InterruptedException {
        SourceClient client = runner.client(source.name());
        RecordMapper mapper = runner.mapper(source.name());
        JsonPointer items = source.items().isEmpty() ? JsonPointer.empty() : JsonPointer.compile(source.items());
        SourcePaging paging = new SourcePaging(source);
        int read = 0;
        URI uri = paging.first();
        while (uri != null) {
            int page = paging.pageNumber();
            JsonNode body;
            try {
                body = client.fetch(uri);
            } catch (SourceClient.SourceFailure failure) {
                throw new PreviewFailure("source " + source.name() + ": page " + page + ": " + failure.getMessage());
            }
            JsonNode records = body.at(items);
            if (!records.isArray()) {
                throw new PreviewFailure("source " + source.name() + ": page " + page + ": no array of records at '"
                        + source.items() + "'");
            }
            for (JsonNode item : records) {
                if (read++ >= source.maxRecords()) {
                    return;
                }
                out.add(record(source.name(), mapper, item));
            }
            try {
                uri = paging.next(uri, body, records.size());
            } catch (SourcePaging.PagingFailure failure) {
                throw new PreviewFailure("source " + source.name() + ": page " + page + ": " + failure.getMessage());
            }
        }
    }

    private static PreviewRecord record(String source, RecordMapper mapper, JsonNode item) {
        try {
            SourceRecord record = mapper.map(item);
            return new PreviewRecord(source, record.externalId(), record.username(), record.nickname(),
                    record.email(), record.avatarUrl(), record.hasPassword(), true, null, null);
        } catch (RecordProblem problem) {
            String[] identity = mapper.identify(item);
            return new PreviewRecord(source, identity[0], identity[1], null, null, null, false, false, problem.code(),
                    problem.reason());
        }
    }
}
