package im.group.command;

import im.group.api.ChangeNotice;
import im.group.api.ChangeRole;
import im.group.api.CreateGroup;
import im.group.api.GroupCreated;
import im.group.api.GroupErrors;
import im.group.api.GroupNoticeChanged;
import im.group.api.GroupRenamed;
import im.group.api.JoinGroup;
import im.group.api.LeaveGroup;
import im.group.api.MemberJoined;
import im.group.api.MemberLeft;
import im.group.api.MemberRemoved;
import im.group.api.MemberRoleChanged;
import im.group.api.OwnershipTransferred;
import im.group.api.RemoveDeletedAccount;
import im.group.api.RemoveMember;
import im.group.api.RenameGroup;
import im.group.api.Role;
import im.group.api.TransferOwnership;
import im.platform.web.DomainException;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupTest {

    private static final String ID = "[grp]0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20";
    private static final String OWNER = "[usr]owner";
    private static final String ADMIN = "[usr]admin";
    private static final String MEMBER = "[usr]member";
    private static final String OTHER = "[usr]other";
    private static final GroupCreated CREATED = new GroupCreated(ID, OWNER, "crew", "");

    private FixtureConfiguration<Group> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    /** owner, an admin and a plain member. */
    private Object[] crew(Object... more) {
        List<Object> events = new ArrayList<>(List.of(CREATED, new MemberJoined(ID, ADMIN),
                new MemberJoined(ID, MEMBER), new MemberRoleChanged(ID, ADMIN, Role.ADMIN, OWNER)));
        events.addAll(List.of(more));
        return events.toArray();
    }

    private static void refused(ResultValidator<Group> result, String message) {
        result.expectException(DomainException.class).expectExceptionMessage(message).expectNoEvents();
    }

    // ---- create ----

    @Test
    void creatingEmitsGroupCreatedWithTheCreatorAsOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(ID, OWNER, "crew", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new GroupCreated(ID, OWNER, "crew", ""));
    }

    @Test
    void theNameIsRequired() {
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, " ", null)), GroupErrors.NAME_REQUIRED);
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, null, null)), GroupErrors.NAME_REQUIRED);
    }

    @Test
    void theNameHasAtMost64Characters() {
        fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "😀".repeat(64), null))
                .expectEvents(new GroupCreated(ID, OWNER, "😀".repeat(64), ""));
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "a".repeat(65), null)),
                GroupErrors.NAME_TOO_LONG);
    }

    @Test
    void theNameHasNoControlCharacters() {
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "cr\u0000ew", null)),
                GroupErrors.NAME_CONTROL);
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "cr\u0085ew", null)),
                GroupErrors.NAME_CONTROL);
    }

    @Test
    void theNoticeHasAtMost350CharactersAndKeepsLineBreaksButNoOtherControls() {
        fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "crew", "a\tb\r\nc"))
                .expectEvents(new GroupCreated(ID, OWNER, "crew", "a\tb\r\nc"));
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "crew", "n".repeat(351))),
                GroupErrors.NOTICE_TOO_LONG);
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "crew", "bell\u0007")),
                GroupErrors.NOTICE_CONTROL);
        refused(fixture.givenNoPriorActivity().when(new CreateGroup(ID, OWNER, "crew", "nul\u0000")),
                GroupErrors.NOTICE_CONTROL);
    }

    @Test
    void anIdThatIsNotAGroupIdIsRefused() {
        refused(fixture.givenNoPriorActivity().when(new CreateGroup("[usr]x", OWNER, "crew", null)),
                GroupErrors.GROUP_NOT_FOUND);
    }

    // ---- join ----

    @Test
    void joiningEmitsMemberJoined() {
        fixture.given(CREATED).when(new JoinGroup(ID, MEMBER, 500)).expectEvents(new MemberJoined(ID, MEMBER));
    }

    @Test
    void joiningTwiceIsRefused() {
        refused(fixture.given(CREATED, new MemberJoined(ID, MEMBER)).when(new JoinGroup(ID, MEMBER, 500)),
                GroupErrors.ALREADY_JOINED);
        refused(fixture.given(CREATED).when(new JoinGroup(ID, OWNER, 500)), GroupErrors.ALREADY_JOINED);
    }

    @Test
    void joiningAFullGroupIsRefused() {
        refused(fixture.given(CREATED, new MemberJoined(ID, MEMBER)).when(new JoinGroup(ID, OTHER, 2)),
                GroupErrors.GROUP_FULL);
    }

    @Test
    void joiningAgainAfterLeavingIsAllowed() {
        fixture.given(CREATED, new MemberJoined(ID, MEMBER), new MemberLeft(ID, MEMBER, false))
                .when(new JoinGroup(ID, MEMBER, 500))
                .expectEvents(new MemberJoined(ID, MEMBER));
    }

    @Test
    void joiningAClosedGroupIsRefusedAsNoGroup() {
        refused(fixture.given(CREATED, new MemberLeft(ID, OWNER, true)).when(new JoinGroup(ID, MEMBER, 500)),
                GroupErrors.GROUP_NOT_FOUND);
    }

    // ---- leave ----

    @Test
    void aMemberLeaves() {
        fixture.given(crew()).when(new LeaveGroup(ID, MEMBER)).expectEvents(new MemberLeft(ID, MEMBER, false));
    }

    @Test
    void leavingWithoutBeingAMemberIsRefused() {
        refused(fixture.given(CREATED).when(new LeaveGroup(ID, OTHER)), GroupErrors.NOT_JOINED);
        refused(fixture.given(CREATED, new MemberJoined(ID, MEMBER), new MemberLeft(ID, MEMBER, false))
                .when(new LeaveGroup(ID, MEMBER)), GroupErrors.NOT_JOINED);
    }

    @Test
    void theOwnerMustTransferOwnershipBeforeLeavingOthers() {
        refused(fixture.given(crew()).when(new LeaveGroup(ID, OWNER)), GroupErrors.OWNER_MUST_TRANSFER);
    }

    @Test
    void theOwnerAsLastMemberLeavesAndTheGroupCloses() {
        fixture.given(CREATED).when(new LeaveGroup(ID, OWNER)).expectEvents(new MemberLeft(ID, OWNER, true));
    }

    // ---- rename and notice ----

    @Test
    void adminsAndTheOwnerRename() {
        fixture.given(crew()).when(new RenameGroup(ID, ADMIN, "new crew"))
                .expectEvents(new GroupRenamed(ID, "new crew", ADMIN));
        fixture.given(crew()).when(new RenameGroup(ID, OWNER, "new crew"))
                .expectEvents(new GroupRenamed(ID, "new crew", OWNER));
    }

    @Test
    void membersAndOutsidersCannotRenameOrChangeTheNotice() {
        refused(fixture.given(crew()).when(new RenameGroup(ID, MEMBER, "x")), GroupErrors.ADMINS_ONLY);
        refused(fixture.given(crew()).when(new RenameGroup(ID, OTHER, "x")), GroupErrors.ADMINS_ONLY);
        refused(fixture.given(crew()).when(new ChangeNotice(ID, MEMBER, "x")), GroupErrors.ADMINS_ONLY);
    }

    @Test
    void renameFollowsTheNameRulesAndTheSameNameEmitsNothing() {
        refused(fixture.given(crew()).when(new RenameGroup(ID, OWNER, "a".repeat(65))), GroupErrors.NAME_TOO_LONG);
        refused(fixture.given(crew()).when(new RenameGroup(ID, OWNER, "")), GroupErrors.NAME_REQUIRED);
        refused(fixture.given(crew()).when(new RenameGroup(ID, OWNER, "a\u001fb")), GroupErrors.NAME_CONTROL);
        fixture.given(crew()).when(new RenameGroup(ID, OWNER, "crew")).expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void adminsChangeTheNoticeWithinItsRules() {
        fixture.given(crew()).when(new ChangeNotice(ID, ADMIN, "meet at noon"))
                .expectEvents(new GroupNoticeChanged(ID, "meet at noon", ADMIN));
        refused(fixture.given(crew()).when(new ChangeNotice(ID, ADMIN, "n".repeat(351))), GroupErrors.NOTICE_TOO_LONG);
        refused(fixture.given(crew()).when(new ChangeNotice(ID, ADMIN, "\u0000")), GroupErrors.NOTICE_CONTROL);
        fixture.given(crew()).when(new ChangeNotice(ID, ADMIN, "")).expectNoEvents();
    }

    // ---- remove ----

    @Test
    void anAdminRemovesAPlainMember() {
        fixture.given(crew()).when(new RemoveMember(ID, ADMIN, MEMBER))
                .expectEvents(new MemberRemoved(ID, MEMBER, ADMIN));
    }

    @Test
    void anAdminCannotRemoveTheOwnerOrAnotherAdmin() {
        refused(fixture.given(crew()).when(new RemoveMember(ID, ADMIN, OWNER)), GroupErrors.OWNER_ONLY);
        refused(fixture.given(crew(new MemberJoined(ID, OTHER), new MemberRoleChanged(ID, OTHER, Role.ADMIN, OWNER)))
                .when(new RemoveMember(ID, ADMIN, OTHER)), GroupErrors.OWNER_ONLY);
    }

    @Test
    void theOwnerRemovesAnAdmin() {
        fixture.given(crew()).when(new RemoveMember(ID, OWNER, ADMIN))
                .expectEvents(new MemberRemoved(ID, ADMIN, OWNER));
    }

    @Test
    void aPlainMemberCannotRemoveAnyone() {
        refused(fixture.given(crew(new MemberJoined(ID, OTHER))).when(new RemoveMember(ID, MEMBER, OTHER)),
                GroupErrors.ADMINS_ONLY);
    }

    @Test
    void removingANonMemberOrYourselfIsRefused() {
        refused(fixture.given(crew()).when(new RemoveMember(ID, OWNER, OTHER)), GroupErrors.NOT_JOINED);
        refused(fixture.given(crew()).when(new RemoveMember(ID, OWNER, OWNER)), GroupErrors.CANNOT_REMOVE_SELF);
    }

    // ---- roles ----

    @Test
    void theOwnerPromotesAndDemotes() {
        fixture.given(crew()).when(new ChangeRole(ID, OWNER, MEMBER, Role.ADMIN))
                .expectEvents(new MemberRoleChanged(ID, MEMBER, Role.ADMIN, OWNER));
        fixture.given(crew()).when(new ChangeRole(ID, OWNER, ADMIN, Role.MEMBER))
                .expectEvents(new MemberRoleChanged(ID, ADMIN, Role.MEMBER, OWNER));
        fixture.given(crew()).when(new ChangeRole(ID, OWNER, ADMIN, Role.ADMIN)).expectNoEvents();
    }

    @Test
    void onlyTheOwnerChangesRoles() {
        refused(fixture.given(crew()).when(new ChangeRole(ID, ADMIN, MEMBER, Role.ADMIN)), GroupErrors.OWNER_ONLY);
        refused(fixture.given(crew()).when(new ChangeRole(ID, MEMBER, MEMBER, Role.ADMIN)), GroupErrors.OWNER_ONLY);
    }

    @Test
    void roleChangesNeedACurrentMemberAndNeverTouchTheOwner() {
        refused(fixture.given(crew()).when(new ChangeRole(ID, OWNER, OTHER, Role.ADMIN)), GroupErrors.NOT_JOINED);
        refused(fixture.given(crew()).when(new ChangeRole(ID, OWNER, OWNER, Role.MEMBER)),
                GroupErrors.OWNER_ROLE_FIXED);
        refused(fixture.given(crew()).when(new ChangeRole(ID, OWNER, MEMBER, Role.OWNER)), GroupErrors.BAD_ROLE);
    }

    // ---- ownership ----

    @Test
    void theOwnerTransfersOwnershipToAMemberAndBecomesAnAdmin() {
        fixture.given(crew()).when(new TransferOwnership(ID, OWNER, MEMBER))
                .expectEvents(new OwnershipTransferred(ID, OWNER, MEMBER));
        fixture.given(crew(new OwnershipTransferred(ID, OWNER, MEMBER)))
                .when(new LeaveGroup(ID, OWNER))
                .expectEvents(new MemberLeft(ID, OWNER, false));
        refused(fixture.given(crew(new OwnershipTransferred(ID, OWNER, MEMBER)))
                .when(new TransferOwnership(ID, OWNER, ADMIN)), GroupErrors.OWNER_ONLY);
    }

    @Test
    void transferNeedsTheOwnerAndACurrentMember() {
        refused(fixture.given(crew()).when(new TransferOwnership(ID, ADMIN, MEMBER)), GroupErrors.OWNER_ONLY);
        refused(fixture.given(crew()).when(new TransferOwnership(ID, OWNER, OTHER)), GroupErrors.NOT_JOINED);
        refused(fixture.given(crew()).when(new TransferOwnership(ID, OWNER, OWNER)), GroupErrors.ALREADY_OWNER);
    }

    // ---- deleted accounts ----

    @Test
    void aDeletedMemberLeaves() {
        fixture.given(crew()).when(new RemoveDeletedAccount(ID, MEMBER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberLeft(ID, MEMBER, false));
    }

    @Test
    void aDeletedAdminLeavesWithoutAnyRoleCheck() {
        fixture.given(crew()).when(new RemoveDeletedAccount(ID, ADMIN))
                .expectEvents(new MemberLeft(ID, ADMIN, false));
    }

    @Test
    void aDeletedOwnerHandsTheGroupToTheLongestStandingAdminThenLeaves() {
        // joined in this order: owner, member, first admin (promoted last), second admin
        String firstAdmin = "[usr]first-admin";
        String secondAdmin = "[usr]second-admin";
        fixture.given(CREATED, new MemberJoined(ID, MEMBER), new MemberJoined(ID, firstAdmin),
                        new MemberJoined(ID, secondAdmin),
                        new MemberRoleChanged(ID, secondAdmin, Role.ADMIN, OWNER),
                        new MemberRoleChanged(ID, firstAdmin, Role.ADMIN, OWNER))
                .when(new RemoveDeletedAccount(ID, OWNER))
                .expectEvents(new OwnershipTransferred(ID, OWNER, firstAdmin), new MemberLeft(ID, OWNER, false));
    }

    @Test
    void aDeletedOwnerWithoutAdminsHandsTheGroupToTheLongestStandingMember() {
        // the first joiner left and came back: they now stand behind the other member
        fixture.given(CREATED, new MemberJoined(ID, MEMBER), new MemberJoined(ID, OTHER),
                        new MemberLeft(ID, MEMBER, false), new MemberJoined(ID, MEMBER))
                .when(new RemoveDeletedAccount(ID, OWNER))
                .expectEvents(new OwnershipTransferred(ID, OWNER, OTHER), new MemberLeft(ID, OWNER, false));
    }

    @Test
    void aDemotedAdminDoesNotCountAsAdminForTheHandOver() {
        fixture.given(crew(new MemberRoleChanged(ID, ADMIN, Role.MEMBER, OWNER), new MemberJoined(ID, OTHER),
                        new MemberRoleChanged(ID, OTHER, Role.ADMIN, OWNER)))
                .when(new RemoveDeletedAccount(ID, OWNER))
                .expectEvents(new OwnershipTransferred(ID, OWNER, OTHER), new MemberLeft(ID, OWNER, false));
    }

    @Test
    void theNewOwnerRunsTheGroupAfterTheHandOver() {
        fixture.given(crew(new OwnershipTransferred(ID, OWNER, ADMIN), new MemberLeft(ID, OWNER, false)))
                .when(new RemoveMember(ID, ADMIN, MEMBER))
                .expectEvents(new MemberRemoved(ID, MEMBER, ADMIN));
    }

    @Test
    void aDeletedLastMemberLeavesAndTheGroupCloses() {
        fixture.given(CREATED).when(new RemoveDeletedAccount(ID, OWNER))
                .expectEvents(new MemberLeft(ID, OWNER, true));
        refused(fixture.given(CREATED, new MemberLeft(ID, OWNER, true)).when(new JoinGroup(ID, MEMBER, 500)),
                GroupErrors.GROUP_NOT_FOUND);
    }

    @Test
    void aDeletedAccountThatLeftAlreadyChangesNothing() {
        fixture.given(crew(new MemberLeft(ID, MEMBER, false))).when(new RemoveDeletedAccount(ID, MEMBER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(crew(new MemberRemoved(ID, MEMBER, OWNER))).when(new RemoveDeletedAccount(ID, MEMBER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(crew()).when(new RemoveDeletedAccount(ID, OTHER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aClosedGroupChangesNothing() {
        fixture.given(CREATED, new MemberLeft(ID, OWNER, true)).when(new RemoveDeletedAccount(ID, OWNER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
