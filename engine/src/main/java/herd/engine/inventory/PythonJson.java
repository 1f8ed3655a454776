package herd.engine.inventory;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

/** JSON written as Python's {@code json.dumps(indent=4)} writes it, so herd's output diffs cleanly against Ansible's. */
final class PythonJson {
    private PythonJson() {
    }

    /** Floats as Python writes them ({@code 1e+16}, {@code 0.0001}, {@code Infinity}). */
    static SimpleModule module() {
        return new SimpleModule().addSerializer(Double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value.isNaN()) {
                    gen.writeNumber("NaN");
                } else if (value.isInfinite()) {
                    gen.writeNumber(value > 0 ? "Infinity" : "-Infinity");
                } else {
                    gen.writeNumber(PythonText.floatRepr(value));
                }
            }
        });
    }

    /** Four spaces per level, {@code "key": value}, and {@code []}/{@code {}} for empty containers. */
    static final class Indent implements PrettyPrinter {
        private int level;

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            g.writeRaw("    ".repeat(level));
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            open(g, '{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            close(g, '}', entries);
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            separate(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            open(g, '[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            close(g, ']', values);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            separate(g);
        }

        private void open(JsonGenerator g, char bracket) throws IOException {
            g.writeRaw(bracket);
            level++;
        }

        private void close(JsonGenerator g, char bracket, int members) throws IOException {
            level--;
            if (members > 0) {
                newline(g);
            }
            g.writeRaw(bracket);
        }

        private void separate(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }
    }
}
