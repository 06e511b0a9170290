package ensemble.scenario.load;

import ensemble.scenario.model.SourcePos;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class YamlTreeReaderTest {

    @Test
    void keepsTheLineAndColumnOfEveryNodeAndKey() {
        YamlTreeReader.Result r = YamlTreeReader.read("a: 1\nlist:\n  - x: true\n    y: [1.5, two]\n");
        assertNull(r.problem());
        YamlNode.Mapping root = (YamlNode.Mapping) r.root();
        assertEquals(new SourcePos(1, 1), root.entries().get("a").keyPos());
        assertEquals(new SourcePos(1, 4), root.entries().get("a").value().pos());
        YamlNode.Sequence list = (YamlNode.Sequence) root.get("list").orElseThrow();
        YamlNode.Mapping item = (YamlNode.Mapping) list.items().get(0);
        assertEquals(new SourcePos(3, 5), item.entries().get("x").keyPos());
        assertEquals(Boolean.TRUE, ((YamlNode.Scalar) item.get("x").orElseThrow()).value());
        YamlNode.Sequence y = (YamlNode.Sequence) item.get("y").orElseThrow();
        assertEquals(1.5, ((YamlNode.Scalar) y.items().get(0)).value());
        assertEquals(new SourcePos(4, 14), y.items().get(1).pos());
        assertEquals(1L, ((YamlNode.Scalar) root.get("a").orElseThrow()).value());
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        YamlTreeReader.Result r = YamlTreeReader.read("a: [1, 2\nb: 3\n");
        assertNull(r.root());
        assertNotNull(r.problem());
        assertEquals(2, r.problem().pos().line());
    }

    @Test
    void refusesDocumentsNestedTooDeep() {
        String deep = "[".repeat(YamlTreeReader.MAX_DEPTH + 5) + "]".repeat(YamlTreeReader.MAX_DEPTH + 5);
        YamlTreeReader.Result r = YamlTreeReader.read(deep);
        assertNotNull(r.problem());
    }

    @Test
    void anEmptyDocumentHasNoRootAndNoProblem() {
        YamlTreeReader.Result r = YamlTreeReader.read("# only a comment\n");
        assertNull(r.root());
        assertNull(r.problem());
    }

    @Test
    void aliasesRepeatTheAnchoredNodeAndMergeKeysAddTheKeysNotSet() {
        YamlTreeReader.Result r = YamlTreeReader.read("""
                base: &base { a: 1, b: 2 }
                copy: *base
                merged:
                  <<: *base
                  b: 3
                """);
        assertNull(r.problem());
        YamlNode.Mapping root = (YamlNode.Mapping) r.root();
        assertEquals(root.get("base").orElseThrow(), root.get("copy").orElseThrow());
        YamlNode.Mapping merged = (YamlNode.Mapping) root.get("merged").orElseThrow();
        assertEquals(1L, ((YamlNode.Scalar) merged.get("a").orElseThrow()).value());
        assertEquals(3L, ((YamlNode.Scalar) merged.get("b").orElseThrow()).value(), "the mapping's own key wins");
    }

    @Test
    void aliasesCountAtTheirFullSizeSoTheyCannotBlowUpTheTree() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 8; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        YamlTreeReader.Result r = YamlTreeReader.read(yaml.toString());
        assertNull(r.root());
        assertEquals("the file has more than " + YamlTreeReader.MAX_NODES + " YAML nodes once its aliases are expanded",
                r.problem().message());
    }

    @Test
    void knowsQuotedScalarsAndFlowMappings() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlTreeReader.read("a: \"x + 1\"\nb: { c: NO }\n").root();
        YamlNode.Scalar a = (YamlNode.Scalar) root.get("a").orElseThrow();
        assertEquals(new SourcePos(1, 5), a.at(0), "the text starts after the quote");
        YamlNode.Mapping b = (YamlNode.Mapping) root.get("b").orElseThrow();
        assertEquals(true, b.flow());
        assertEquals("NO", ((YamlNode.Scalar) b.get("c").orElseThrow()).source());
    }

    @Test
    void positionsInsideALiteralBlockAreExact() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlTreeReader.read("text: |\n  first line\n  UPS at {x}\n").root();
        YamlNode.Scalar text = (YamlNode.Scalar) root.get("text").orElseThrow();
        assertEquals(new SourcePos(2, 3), text.at(0));
        assertEquals(new SourcePos(3, 10), text.at("first line\nUPS at ".length()), "the brace of {x}");
    }
}
