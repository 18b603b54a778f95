package im.group.web;

import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.platform.web.LegacyResponse;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The group routes the stock go-chat-web calls on start-up, before the Group aggregate exists (issue 3): nobody
 * can be in a group yet, so the lists are empty and creating one is refused with a clear message instead of a
 * 404 the client would show as a network error.
 */
@RestController
public class LegacyGroupController {

    /** go-chat form: GET /group/{userUuid}. */
    @GetMapping("/group/{userUuid}")
    LegacyResponse<List<Map<String, Object>>> myGroups(Caller caller, @PathVariable String userUuid) {
        caller.requireSelf(userUuid);
        return LegacyResponse.ok(List.of());
    }

    /** IM-SDK form: GET /group?uuid=. */
    @GetMapping("/group")
    LegacyResponse<List<Map<String, Object>>> myGroupsImSdk(Caller caller, @RequestParam("uuid") String userUuid) {
        caller.requireSelf(userUuid);
        return LegacyResponse.ok(List.of());
    }

    @PostMapping("/group/{creatorUuid}")
    LegacyResponse<Void> create(Caller caller, @PathVariable String creatorUuid) {
        caller.requireSelf(creatorUuid);
        throw new DomainException("groups are not available yet");
    }
}
