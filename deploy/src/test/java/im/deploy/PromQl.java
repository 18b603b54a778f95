package im.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (as the Grafana dashboards write them) selects: string literals, label
 * matchers ({@code {...}}), ranges and subqueries ({@code [...]}), Grafana variables ({@code $name}), numbers and
 * durations are dropped; an identifier followed by {@code (} is a function or an aggregation; the label lists after
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are labels,
 * not metrics; the remaining keywords ({@code and}, {@code offset}, the aggregation operators, ...) are skipped.
 * What is left are the metric names, exactly as Prometheus stores them (with {@code _total}, {@code _bucket}, ...
 * suffixes).
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "start", "end",
            // aggregation operators: PromQL keywords, also where a modifier comes first (sum by (le) (...))
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);

    private PromQl() {
    }

    /** The metric names {@code expression} selects, in order of appearance. */
    static Set<String> metricNames(String expression) {
        String bare = stripBlocks(stripStrings(expression));
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int length = bare.length();
        while (i < length) {
            char c = bare.charAt(i);
            if (c == '$') { // a Grafana variable: $name or ${name}
                i++;
                while (i < length && isIdentifierPart(bare.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < length && Character.isDigit(bare.charAt(i + 1)))) {
                while (i < length && (Character.isLetterOrDigit(bare.charAt(i)) || bare.charAt(i) == '.')) {
                    i++; // a number or a duration (5m, 1h30m, 0.95, 1e3)
                }
                continue;
            }
            if (!isIdentifierStart(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < length && isIdentifierPart(bare.charAt(i))) {
                i++;
            }
            String word = bare.substring(start, i);
            int next = skipSpaces(bare, i);
            boolean call = next < length && bare.charAt(next) == '(';
            if (LABEL_LIST_KEYWORDS.contains(word)) {
                if (call) {
                    i = closingParenthesis(bare, next) + 1;
                }
                continue;
            }
            if (call || KEYWORDS.contains(word)) {
                continue;
            }
            names.add(word);
        }
        return names;
    }

    /**
     * The metric names of a Grafana template query: {@code label_values(<selector>, <label>)} selects the metric of
     * its first argument; any other query is read as PromQL.
     */
    static Set<String> templateMetricNames(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        return metricNames(labelValues.matches() ? labelValues.group(1) : query);
    }

    private static String stripStrings(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    out.append("\"\"");
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                quote = c;
                continue;
            }
            out.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated string in: " + expression);
        }
        return out.toString();
    }

    /** Drops {@code {...}} and {@code [...]} (neither nests once strings are gone). */
    private static String stripBlocks(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        char closing = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (closing != 0) {
                if (c == closing) {
                    closing = 0;
                    out.append(' ');
                }
                continue;
            }
            if (c == '{') {
                closing = '}';
            } else if (c == '[') {
                closing = ']';
            } else if (c == '}' || c == ']') {
                throw new IllegalArgumentException("unbalanced '" + c + "' in: " + expression);
            } else {
                out.append(c);
            }
        }
        if (closing != 0) {
            throw new IllegalArgumentException("unclosed block in: " + expression);
        }
        return out.toString();
    }

    private static int closingParenthesis(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '(') {
                depth++;
            } else if (text.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in: " + text);
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    /** Whether {@code (}, {@code )} balance (a cheap syntax check of a dashboard query). */
    static boolean parenthesesBalance(String expression) {
        int depth = 0;
        for (char c : stripStrings(expression).toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
