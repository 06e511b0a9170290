package ensemble.scenario.model;

import java.util.Locale;

/**
 * An expression over scenario variables, as written in {@code expr:} conditions, {@code set}
 * actions with {@code expr:}, and {@code {...}} holes of message texts. The grammar (lowest
 * precedence first; all binary operators associate to the left):
 *
 * <pre>
 *   expr    = or
 *   or      = and { "or" and }
 *   and     = not { "and" not }
 *   not     = "not" not | compare
 *   compare = sum [ ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") sum ]
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/" | "%") unary }
 *   unary   = "-" unary | atom
 *   atom    = number | 'text' | "text" | true | false | variable | "(" expr ")"
 * </pre>
 *
 * Every node keeps the position of its first character (operators: of the operator), so that
 * the validator's type errors point at the exact character.
 */
public sealed interface Expr {

    SourcePos pos();

    /** A number, text or boolean written in the expression. */
    record Literal(Value value, SourcePos pos) implements Expr {
    }

    /** A scenario variable by name. */
    record Variable(String name, SourcePos pos) implements Expr {
    }

    enum UnaryOp { NEGATE, NOT }

    record Unary(UnaryOp op, Expr operand, SourcePos pos) implements Expr {
    }

    enum BinaryOp {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%"),
        EQ("=="), NE("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), AND("and"), OR("or");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public boolean arithmetic() {
            return ordinal() <= REMAINDER.ordinal();
        }

        public boolean ordering() {
            return this == LT || this == LTE || this == GT || this == GTE;
        }

        public boolean logical() {
            return this == AND || this == OR;
        }

        @Override
        public String toString() {
            return symbol.toLowerCase(Locale.ROOT);
        }
    }

    /** {@code pos} is the operator's position. */
    record Binary(BinaryOp op, Expr left, Expr right, SourcePos pos) implements Expr {
    }
}
