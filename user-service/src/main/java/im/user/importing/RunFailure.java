package im.user.importing;

/**
 * A record of a run that was not imported.
 *
 * @param position   the record's number in the run, from 1 (source order)
 * @param page       the page it was on, from 1
 * @param externalId its external id as far as it could be read, else {@code null}
 * @param username   its username as far as it could be read, else {@code null}
 * @param code       a stable code ({@link RecordProblem})
 * @param reason     for people; never a password, a hash or the record's raw content
 */
public record RunFailure(int position, int page, String externalId, String username, String code, String reason) {
}
