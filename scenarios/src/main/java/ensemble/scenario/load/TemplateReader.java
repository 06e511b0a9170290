package ensemble.scenario.load;

import ensemble.scenario.model.SourcePos;
import ensemble.scenario.model.TextTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads texts with {@code {expression}} holes ("UPS at {ups_minutes} min") into a
 * {@link TextTemplate}; {@code {{} and {@code }}} stand for a brace. Problems (an unclosed hole, a
 * bad expression) go to {@code problems} at the exact character.
 */
final class TemplateReader {

    private TemplateReader() {
    }

    static TextTemplate read(YamlNode node, BiConsumer<SourcePos, String> problems) {
        String text = String.valueOf(Fields.scalar(node));
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        List<TextTemplate.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
            if ((c == '{' || c == '}') && doubled) {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                problems.accept(scalar.at(i), "'}' closes no '{' (write '}}' for a brace in the text)");
                return TextTemplate.plain(text);
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                if (close < 0) {
                    problems.accept(scalar.at(i), "'{' starts a value to fill in but is never closed with '}' "
                            + "(write '{{' for a brace in the text)");
                    return TextTemplate.plain(text);
                }
                int start = i + 1;
                String source = text.substring(start, close);
                ExprParser.Result r = ExprParser.parse(source, offset -> scalar.at(start + offset));
                if (r.problem().isPresent()) {
                    problems.accept(r.problem().get().pos(), r.problem().get().message());
                    return TextTemplate.plain(text);
                }
                if (literal.length() > 0) {
                    parts.add(new TextTemplate.Part.Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new TextTemplate.Part.Hole(r.expr().orElseThrow(), source.strip()));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(new TextTemplate.Part.Literal(literal.toString()));
        }
        return new TextTemplate(text, parts);
    }
}
