package im.gateway.ws;

import im.proto.Message;

/**
 * Frames the gateway itself sends. They come from {@code "system"}, which the stock client ignores.
 */
public final class SystemFrames {

    public static final String SYSTEM = "system";
    public static final String ERROR_TYPE = "error";

    private SystemFrames() {
    }

    public static Message welcome(String userUuid) {
        return Message.newBuilder().setFrom(SYSTEM).setTo(userUuid).setContent("welcome!").build();
    }

    /** The answer to a heartbeat, with the spelling the client used ({@code heatbeat} or {@code heartbeat}). */
    public static Message pong(String heartbeatType) {
        return Message.newBuilder().setType(heartbeatType).setContent("pong").build();
    }

    public static Message error(String userUuid, FrameError error, String clientMessageId) {
        return error(userUuid, error.code(), error.reason(), clientMessageId);
    }

    /** An error frame with a code another service decided (a relay permission refused by messaging-service). */
    public static Message error(String userUuid, String code, String reason, String clientMessageId) {
        return Message.newBuilder()
                .setFrom(SYSTEM)
                .setTo(userUuid)
                .setType(ERROR_TYPE)
                .setErrorCode(code)
                .setContent(reason == null ? "" : reason)
                .setClientMessageId(clientMessageId == null ? "" : clientMessageId)
                .build();
    }
}
