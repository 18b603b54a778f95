package im.platform.web;

/**
 * A body limit for one exact request path instead of {@code im.legacy.max-body-bytes}, for a route that takes
 * larger bodies and bounds what it reads itself (an upload). Declare it as a bean; {@link RequestBodyLimitFilter}
 * applies it when the request URI (without the context path) equals {@code path}. Any other spelling of the path
 * (a trailing slash, {@code ;} parameters) gets the default limit, so a miss is only ever stricter.
 *
 * @param path     the request path, e.g. {@code /file}
 * @param maxBytes the largest accepted body on that path
 */
public record RequestBodyLimit(String path, long maxBytes) {
}
