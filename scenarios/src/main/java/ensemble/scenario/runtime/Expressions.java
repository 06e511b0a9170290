package ensemble.scenario.runtime;

import ensemble.scenario.model.Expr;
import ensemble.scenario.model.TextTemplate;
import ensemble.scenario.model.Value;

import java.util.Map;

/**
 * Evaluates validated expressions over the run's variables. The validator has checked the kinds,
 * so a mismatch here cannot come from a valid scenario; it is answered with a neutral value rather
 * than an exception, since a run never stops on arithmetic. Dividing by zero gives 0.
 */
final class Expressions {

    private Expressions() {
    }

    static Value eval(Expr e, Map<String, Value> variables) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        }
        if (e instanceof Expr.Variable v) {
            return variables.getOrDefault(v.name(), new Value.Number(0));
        }
        if (e instanceof Expr.Unary u) {
            Value x = eval(u.operand(), variables);
            return u.op() == Expr.UnaryOp.NOT ? new Value.Flag(!flag(x)) : new Value.Number(-number(x));
        }
        Expr.Binary b = (Expr.Binary) e;
        if (b.op() == Expr.BinaryOp.AND) {
            return new Value.Flag(flag(eval(b.left(), variables)) && flag(eval(b.right(), variables)));
        }
        if (b.op() == Expr.BinaryOp.OR) {
            return new Value.Flag(flag(eval(b.left(), variables)) || flag(eval(b.right(), variables)));
        }
        Value l = eval(b.left(), variables);
        Value r = eval(b.right(), variables);
        return switch (b.op()) {
            case ADD -> l instanceof Value.Text lt ? new Value.Text(lt.value() + render(r))
                    : new Value.Number(number(l) + number(r));
            case SUBTRACT -> new Value.Number(number(l) - number(r));
            case MULTIPLY -> new Value.Number(number(l) * number(r));
            case DIVIDE -> new Value.Number(number(r) == 0 ? 0 : number(l) / number(r));
            case REMAINDER -> new Value.Number(number(r) == 0 ? 0 : number(l) % number(r));
            case EQ -> new Value.Flag(l.equals(r));
            case NE -> new Value.Flag(!l.equals(r));
            case LT -> new Value.Flag(number(l) < number(r));
            case LTE -> new Value.Flag(number(l) <= number(r));
            case GT -> new Value.Flag(number(l) > number(r));
            case GTE -> new Value.Flag(number(l) >= number(r));
            default -> throw new IllegalStateException("operator without evaluation: " + b.op());
        };
    }

    /** The text with its holes filled in. */
    static String fill(TextTemplate text, Map<String, Value> variables) {
        StringBuilder out = new StringBuilder();
        for (TextTemplate.Part part : text.parts()) {
            if (part instanceof TextTemplate.Part.Literal l) {
                out.append(l.text());
            } else if (part instanceof TextTemplate.Part.Hole h) {
                out.append(render(eval(h.expr(), variables)));
            }
        }
        return out.toString();
    }

    /** How a value reads in a text: numbers without a needless ".0", at most two decimals. */
    static String render(Value v) {
        if (v instanceof Value.Number n) {
            double x = n.value();
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                return Long.toString((long) x);
            }
            return java.math.BigDecimal.valueOf(x).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    private static double number(Value v) {
        return v instanceof Value.Number n ? n.value() : 0;
    }

    private static boolean flag(Value v) {
        return v instanceof Value.Flag f && f.value();
    }
}
