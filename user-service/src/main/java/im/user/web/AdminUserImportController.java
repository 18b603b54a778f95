package im.user.web;

import im.platform.axon.ReadYourWrites;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.user.api.SetPasswordByAdmin;
import im.user.importing.ImportRunner;
import im.user.importing.RunReport;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.directory.UserDirectoryProjection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of user-service (issue 6), {@code /api/admin/v1}, routed by the gateway behind the token check; every
 * route is for admins only ({@link AdminAccess}: 403 otherwise). Plain JSON; errors are problem documents
 * ({@link AdminApiProblems}).
 * <ul>
 *   <li>{@code POST /user-imports} {@code {"source": "<name>"}} (or {@code ?source=}; none: every source) starts a run
 *       per source in the background: 202 {@code {"runs": [report]}} (a source already running answers its running
 *       run); 404 {@code unknown_source};</li>
 *   <li>{@code GET /user-imports/{runId}}: the run's report with its failures; 404 {@code run_not_found};</li>
 *   <li>{@code GET /user-imports?limit=20}: the latest runs (1..200), without failure lists;</li>
 *   <li>{@code PUT /users/{uuid}/password} {@code {"password": "..."}}: sets a user's password without the old one
 *       (how an imported account without a password gets one): 200 {@code {uuid, hasPassword: true}} once login
 *       accepts it; 400 {@code invalid_password}; 404 {@code user_not_found}; 410 {@code user_deleted}.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/v1")
public class AdminUserImportController {

    /** Which source to run; none: all. */
    record ImportRequest(String source) {
    }

    record Runs(List<RunReport> runs) {
    }

    record PasswordChange(String password) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    record PasswordSet(String uuid, boolean hasPassword) {
    }

    private static final Logger log = LoggerFactory.getLogger(AdminUserImportController.class);

    private final AdminAccess admins;
    private final ImportRunner runner;
    private final UserDirectory directory;
    private final UserCommands commands;
    private final ReadYourWrites readYourWrites;
    private final BCryptPasswordEncoder passwordEncoder;
    private final UserInputRules rules;

    public AdminUserImportController(AdminAccess admins, ImportRunner runner, UserDirectory directory,
                                     UserCommands commands, ReadYourWrites readYourWrites,
                                     BCryptPasswordEncoder passwordEncoder, UserInputRules rules) {
        this.admins = admins;
        this.runner = runner;
        this.directory = directory;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.passwordEncoder = passwordEncoder;
        this.rules = rules;
    }

    @PostMapping("/user-imports")
    ResponseEntity<Runs> start(Caller caller, @RequestParam(name = "source", required = false) String sourceParam,
                               @RequestBody(required = false) ImportRequest body) {
        admins.requireAdmin(caller);
        String source = body != null && body.source() != null ? body.source() : sourceParam;
        if (runner.sources().isEmpty()) {
            throw AdminApiProblems.problem(HttpStatus.NOT_FOUND, "no_sources", "no import source is configured");
        }
        List<RunReport> reports;
        try {
            reports = runner.start(source, ImportRunner.Trigger.API, caller.uuid()).stream()
                    .map(started -> runner.report(started.runId()).orElseThrow())
                    .toList();
        } catch (ImportRunner.UnknownSource e) {
            throw AdminApiProblems.problem(HttpStatus.NOT_FOUND, "unknown_source", e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Runs(reports));
    }

    @GetMapping("/user-imports/{runId}")
    RunReport report(Caller caller, @PathVariable String runId) {
        admins.requireAdmin(caller);
        return parse(runId).flatMap(runner::report)
                .orElseThrow(() -> AdminApiProblems.problem(HttpStatus.NOT_FOUND, "run_not_found", "no such import run"));
    }

    @GetMapping("/user-imports")
    Runs recent(Caller caller, @RequestParam(name = "limit", defaultValue = "20") int limit) {
        admins.requireAdmin(caller);
        if (limit < 1 || limit > 200) {
            throw AdminApiProblems.problem(HttpStatus.BAD_REQUEST, "bad_request", "limit must be between 1 and 200");
        }
        return new Runs(runner.recent(limit));
    }

    @PutMapping("/users/{uuid}/password")
    PasswordSet setPassword(Caller caller, @PathVariable String uuid, @RequestBody PasswordChange body) {
        admins.requireAdmin(caller);
        String password;
        try {
            password = rules.password(body == null ? null : body.password());
        } catch (ApiException e) {
            throw AdminApiProblems.problem(HttpStatus.BAD_REQUEST, "invalid_password", e.getMessage());
        }
        DirectoryUser user = (uuid.length() <= 100 && !UserInputRules.hasControlCharacter(uuid)
                ? directory.findIncludingDeleted(uuid) : Optional.<DirectoryUser>empty())
                .orElseThrow(() -> AdminApiProblems.problem(HttpStatus.NOT_FOUND, "user_not_found",
                        "user doesn't exist"));
        if (user.deleted()) {
            throw AdminApiProblems.problem(HttpStatus.GONE, "user_deleted", "user doesn't exist");
        }
        commands.send(new SetPasswordByAdmin(uuid, passwordEncoder.encode(password), caller.uuid()));
        readYourWrites.awaitProjections(UserDirectoryProjection.PROCESSING_GROUP);
        log.info("admin {} set the password of user {}", caller.uuid(), uuid);
        return new PasswordSet(uuid, true);
    }

    private static Optional<UUID> parse(String runId) {
        try {
            return Optional.of(UUID.fromString(runId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
