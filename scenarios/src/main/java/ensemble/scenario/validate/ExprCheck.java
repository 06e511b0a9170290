package ensemble.scenario.validate;

import ensemble.scenario.model.Action;
import ensemble.scenario.model.Condition;
import ensemble.scenario.model.Expr;
import ensemble.scenario.model.Scenario;
import ensemble.scenario.model.TextTemplate;
import ensemble.scenario.model.Value;
import ensemble.scenario.model.Value.Kind;
import ensemble.scenario.model.Variable;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Types of expressions ({@code expr:} conditions, {@code set} with {@code expr:}, holes of message
 * texts): every variable known, every operator given operands of the kinds it takes, conditions
 * giving true or false and variables set to their own kind. Each error is at the exact character.
 */
final class ExprCheck implements Walk.Visitor {

    private final Scenario s;
    private final Report report;

    private ExprCheck(Scenario s, Report report) {
        this.s = s;
        this.report = report;
    }

    static void run(Scenario s, Report report) {
        ExprCheck check = new ExprCheck(s, report);
        Walk.scenario(s, check);
        for (ensemble.scenario.model.Step step : s.steps()) {
            step.instructions().values().forEach(check::holes);
            step.allTasks().forEach(task -> check.holes(task.instructions()));
        }
    }

    private void holes(TextTemplate text) {
        for (TextTemplate.Part part : text.parts()) {
            if (part instanceof TextTemplate.Part.Hole hole) {
                type(hole.expr());
            }
        }
    }

    @Override
    public void condition(Condition c, Walk.Context where) {
        if (c instanceof Condition.Expression e) {
            type(e.expr()).filter(k -> k != Kind.FLAG).ifPresent(k -> report.error(e.expr().pos(),
                    "a condition needs true or false, but the expression gives " + Value.kindName(k)
                            + (k == Kind.NUMBER ? " (compare it, e.g. '" + e.source().strip() + " > 0')" : "")));
        }
    }

    @Override
    public void action(Action a, Walk.Context where) {
        if (a instanceof Action.SetVariable sv) {
            Optional<Variable> v = s.variable(sv.variable().id());
            Optional<Kind> k = type(sv.value());
            if (v.isPresent() && k.isPresent() && v.get().initial().kind() != k.get()) {
                report.error(sv.valuePos(), "variable '" + v.get().name() + "' holds " + Value.kindName(v.get().initial().kind())
                        + ", cannot set it to " + Value.kindName(k.get()));
            }
        } else if (a instanceof Action.Message m) {
            holes(m.text());
        }
    }

    /** The kind of value {@code e} gives; empty after reporting why it has none. */
    Optional<Kind> type(Expr e) {
        if (e instanceof Expr.Literal l) {
            return Optional.of(l.value().kind());
        }
        if (e instanceof Expr.Variable v) {
            Optional<Variable> decl = s.variable(v.name());
            if (decl.isEmpty()) {
                report.error(v.pos(), "unknown variable '" + v.name() + "'" + known()
                        + (v.name().contains("-") ? "; to subtract, put spaces around '-'" : ""));
                return Optional.empty();
            }
            return Optional.of(decl.get().initial().kind());
        }
        if (e instanceof Expr.Unary u) {
            Optional<Kind> k = type(u.operand());
            Kind wanted = u.op() == Expr.UnaryOp.NOT ? Kind.FLAG : Kind.NUMBER;
            if (k.isPresent() && k.get() != wanted) {
                report.error(u.pos(), "'" + (u.op() == Expr.UnaryOp.NOT ? "not" : "-") + "' needs " + Value.kindName(wanted)
                        + ", found " + Value.kindName(k.get()));
                return Optional.empty();
            }
            return k.map(x -> wanted);
        }
        Expr.Binary b = (Expr.Binary) e;
        Optional<Kind> left = type(b.left());
        Optional<Kind> right = type(b.right());
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        Kind l = left.get();
        Kind r = right.get();
        String found = ", found " + Value.kindName(l) + " and " + Value.kindName(r);
        if (b.op() == Expr.BinaryOp.ADD) {
            if (l == r && l != Kind.FLAG) {
                return Optional.of(l);
            }
            return fail(b, "'+' adds two numbers or joins two texts" + found);
        }
        if (b.op().arithmetic()) {
            return l == Kind.NUMBER && r == Kind.NUMBER ? Optional.of(Kind.NUMBER)
                    : fail(b, "'" + b.op().symbol + "' needs two numbers" + found);
        }
        if (b.op().ordering()) {
            return l == Kind.NUMBER && r == Kind.NUMBER ? Optional.of(Kind.FLAG)
                    : fail(b, "'" + b.op().symbol + "' compares two numbers" + found);
        }
        if (b.op().logical()) {
            return l == Kind.FLAG && r == Kind.FLAG ? Optional.of(Kind.FLAG)
                    : fail(b, "'" + b.op().symbol + "' needs true or false on both sides" + found);
        }
        return l == r ? Optional.of(Kind.FLAG)
                : fail(b, "'" + b.op().symbol + "' compares values of one kind" + found + ", so it would never hold");
    }

    private Optional<Kind> fail(Expr.Binary b, String message) {
        report.error(b.pos(), message);
        return Optional.empty();
    }

    private String known() {
        if (s.variables().isEmpty()) {
            return " (no variables are declared)";
        }
        return " (known: " + s.variables().stream().map(Variable::name).sorted().limit(12).collect(Collectors.joining(", ")) + ")";
    }
}
