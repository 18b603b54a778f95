package im.platform.web;

/**
 * The response envelope of every legacy route: {@code {"code": 0, "msg": "SUCCESS", "data": ...}} on success,
 * {@code {"code": -1, "msg": "<reason>", "data": null}} on failure.
 */
public record LegacyResponse<T>(int code, String msg, T data) {

    public static final int SUCCESS_CODE = 0;
    public static final int ERROR_CODE = -1;

    public static <T> LegacyResponse<T> ok(T data) {
        return new LegacyResponse<>(SUCCESS_CODE, "SUCCESS", data);
    }

    public static LegacyResponse<Void> ok() {
        return ok(null);
    }

    public static LegacyResponse<Void> error(String msg) {
        return new LegacyResponse<>(ERROR_CODE, msg, null);
    }
}
