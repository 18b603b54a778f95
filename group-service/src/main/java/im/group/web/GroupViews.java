package im.group.web;

import im.group.query.groups.GroupRow;
import im.group.query.groups.MemberRow;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The legacy JSON shapes of the group routes. Timestamps are RFC 3339 in UTC; no member's e-mail, ever. */
final class GroupViews {

    private GroupViews() {
    }

    /** RFC 3339 in UTC; {@code null} stays {@code null}. */
    static String time(OffsetDateTime at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at.toInstant());
    }

    /** IM-SDK's Group object, with go-chat's {@code createAt} spelling as well. */
    record Group(long id, String uuid, String name, String notice, String creatorUuid, String creator,
                 String createdAt, String createAt) {
        static Group of(GroupRow row) {
            return new Group(row.id(), row.uuid(), row.name(), row.notice(), row.creatorUuid(), row.creator(),
                    time(row.createdAt()), time(row.createdAt()));
        }
    }

    /** An item of "my groups" (IM-SDK GroupResponse and go-chat's {@code createAt}). */
    record GroupItem(String uuid, long groupId, String name, String notice, String createdAt,
                     String createAt) {
        static GroupItem of(GroupRow row) {
            return new GroupItem(row.uuid(), row.id(), row.name(), row.notice(), time(row.createdAt()),
                    time(row.createdAt()));
        }
    }

    /** IM-SDK's GroupMember: the membership of one user. */
    record GroupMember(long id, String joinedAt, String leftAt, String groupUuid, String name,
                       String userUuid, String username, int mute) {
        static GroupMember of(MemberRow member, GroupRow group) {
            return new GroupMember(member.id(), time(member.joinedAt()), time(member.leftAt()), group.uuid(),
                    group.name(),
                    member.userUuid(), member.username(), 0);
        }
    }

    /** A member in GroupInfo and in the members list. */
    record Member(String uuid, String username, String nickname, String avatar, String role) {
        static Member of(MemberRow row) {
            return new Member(row.userUuid(), row.username(), row.nickname(), row.avatar(), row.role());
        }
    }

    /** IM-SDK's GroupInfo (plus {@code uuid}, {@code notice} and each member's role). */
    record GroupInfo(long id, String uuid, String name, String notice, String creator, String createdAt,
                     List<Member> members) {
        static GroupInfo of(GroupRow row, List<MemberRow> members) {
            return new GroupInfo(row.id(), row.uuid(), row.name(), row.notice(), row.creator(), time(row.createdAt()),
                    members.stream().map(Member::of).toList());
        }
    }
}
