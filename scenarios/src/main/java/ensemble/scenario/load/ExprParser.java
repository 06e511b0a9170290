package ensemble.scenario.load;

import ensemble.scenario.model.Expr;
import ensemble.scenario.model.Expr.BinaryOp;
import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Parses the expression language of {@link Expr} by recursive descent, one method per precedence
 * level. A mistake comes back as a {@link Problem} at the exact character, never as an exception.
 */
public final class ExprParser {

    /** What is wrong with an expression, and at which character. */
    public record Problem(SourcePos pos, String message) {
    }

    /** Either an expression or the first problem found in it. */
    public record Result(Optional<Expr> expr, Optional<Problem> problem) {
    }

    private enum Kind { NUMBER, TEXT, NAME, OPERATOR, OPEN, CLOSE, END }

    private record Token(Kind kind, String text, int at) {
    }

    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        Failed(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private final String src;
    private final IntFunction<SourcePos> where;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    private ExprParser(String src, IntFunction<SourcePos> where) {
        this.src = src;
        this.where = where;
    }

    /**
     * Parses {@code src}; {@code where} turns an offset into {@code src} into a file position
     * (the offset of the expression inside its YAML scalar included).
     */
    public static Result parse(String src, IntFunction<SourcePos> where) {
        ExprParser p = new ExprParser(src, where);
        try {
            p.lex();
            if (p.peek().kind() == Kind.END) {
                throw p.fail(0, "the expression is empty");
            }
            Expr e = p.or();
            Token rest = p.peek();
            if (rest.kind() != Kind.END) {
                throw p.fail(rest.at(), rest.kind() == Kind.CLOSE ? "')' closes nothing"
                        : "'" + rest.text() + "' follows a complete expression: an operator (+ - * / % == != < <= > >= and or) is missing before it");
            }
            return new Result(Optional.of(e), Optional.empty());
        } catch (Failed f) {
            return new Result(Optional.empty(), Optional.of(f.problem));
        }
    }

    private Failed fail(int at, String message) {
        return new Failed(new Problem(where.apply(at), message));
    }

    // ---- tokens ------------------------------------------------------------------------------

    private void lex() {
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1))) {
                int start = i;
                while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '.')) {
                    i++;
                }
                String number = src.substring(start, i);
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    throw fail(start, "'" + number + "' is not a number");
                }
                tokens.add(new Token(Kind.NUMBER, number, start));
            } else if (c == '\'' || c == '"') {
                int end = src.indexOf(c, i + 1);
                if (end < 0) {
                    throw fail(i, "text started with " + c + " is never closed (add the closing " + c + ")");
                }
                tokens.add(new Token(Kind.TEXT, src.substring(i + 1, end), i));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < src.length() && nameChar(src, i)) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, src.substring(start, i), start));
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : Kind.CLOSE, String.valueOf(c), i));
                i++;
            } else {
                String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
                if (two.equals("==") || two.equals("!=") || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.OPERATOR, two, i));
                    i += 2;
                } else if ("+-*/%<>".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), i));
                    i++;
                } else if (c == '=') {
                    throw fail(i, "'=' alone is not an operator: write '==' to compare");
                } else if (c == '&' || c == '|' || c == '!') {
                    throw fail(i, "'" + c + "' is not an operator: write 'and', 'or', 'not'");
                } else {
                    throw fail(i, "unexpected character '" + c + "' in the expression");
                }
            }
        }
        tokens.add(new Token(Kind.END, "", src.length()));
    }

    /** Names are ids: letters, digits, '_' and '-'; a '-' belongs to the name only between two name characters. */
    private static boolean nameChar(String s, int i) {
        char c = s.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_') {
            return true;
        }
        return c == '-' && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1));
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean at(String operator) {
        Token t = peek();
        return (t.kind() == Kind.OPERATOR || t.kind() == Kind.NAME) && t.text().equals(operator);
    }

    // ---- grammar, lowest precedence first -----------------------------------------------------

    private Expr or() {
        Expr left = and();
        while (at("or")) {
            Token op = tokens.get(next++);
            left = new Expr.Binary(BinaryOp.OR, left, and(), where.apply(op.at()));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (at("and")) {
            Token op = tokens.get(next++);
            left = new Expr.Binary(BinaryOp.AND, left, not(), where.apply(op.at()));
        }
        return left;
    }

    private Expr not() {
        if (at("not")) {
            Token op = tokens.get(next++);
            return new Expr.Unary(Expr.UnaryOp.NOT, not(), where.apply(op.at()));
        }
        return compare();
    }

    private Expr compare() {
        Expr left = sum();
        for (BinaryOp op : List.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LTE, BinaryOp.GTE, BinaryOp.LT, BinaryOp.GT)) {
            if (at(op.symbol)) {
                Token t = tokens.get(next++);
                Expr right = sum();
                for (BinaryOp again : List.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LTE, BinaryOp.GTE, BinaryOp.LT, BinaryOp.GT)) {
                    if (at(again.symbol)) {
                        throw fail(peek().at(), "comparisons do not chain: write 'a < b and b < c'");
                    }
                }
                return new Expr.Binary(op, left, right, where.apply(t.at()));
            }
        }
        return left;
    }

    private Expr sum() {
        Expr left = product();
        while (at("+") || at("-")) {
            Token op = tokens.get(next++);
            left = new Expr.Binary(op.text().equals("+") ? BinaryOp.ADD : BinaryOp.SUBTRACT, left, product(), where.apply(op.at()));
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (at("*") || at("/") || at("%")) {
            Token op = tokens.get(next++);
            BinaryOp kind = switch (op.text()) {
                case "*" -> BinaryOp.MULTIPLY;
                case "/" -> BinaryOp.DIVIDE;
                default -> BinaryOp.REMAINDER;
            };
            left = new Expr.Binary(kind, left, unary(), where.apply(op.at()));
        }
        return left;
    }

    private Expr unary() {
        if (at("-")) {
            Token op = tokens.get(next++);
            return new Expr.Unary(Expr.UnaryOp.NEGATE, unary(), where.apply(op.at()));
        }
        return atom();
    }

    private Expr atom() {
        Token t = peek();
        SourcePos pos = where.apply(t.at());
        switch (t.kind()) {
            case NUMBER -> {
                next++;
                return new Expr.Literal(new Value.Number(Double.parseDouble(t.text())), pos);
            }
            case TEXT -> {
                next++;
                return new Expr.Literal(new Value.Text(t.text()), pos);
            }
            case NAME -> {
                if (List.of("and", "or", "not").contains(t.text())) {
                    throw fail(t.at(), "a value is missing before '" + t.text() + "'");
                }
                next++;
                if (t.text().equals("true") || t.text().equals("false")) {
                    return new Expr.Literal(new Value.Flag(t.text().equals("true")), pos);
                }
                return new Expr.Variable(t.text(), pos);
            }
            case OPEN -> {
                next++;
                Expr inner = or();
                if (peek().kind() != Kind.CLOSE) {
                    throw fail(t.at(), "'(' is never closed (add ')')");
                }
                next++;
                return inner;
            }
            case END -> {
                Token before = next > 0 ? tokens.get(next - 1) : t;
                throw fail(before.at(), "a value is missing after '" + before.text() + "'");
            }
            default -> throw fail(t.at(), "a value is missing before '" + t.text() + "'");
        }
    }
}
