package herd.engine.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Python's {@code errors='surrogateescape'}, which Ansible's {@code to_text} uses: a byte that is not
 * valid in the encoding becomes the lone surrogate U+DC80..U+DCFF on decoding and the same byte
 * again on encoding, so a file with a stray byte is edited and written back byte for byte.
 */
public final class SurrogateEscape {
    private SurrogateEscape() {
    }

    public static String decode(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) (bytes.length * Math.max(1, decoder.maxCharsPerByte())) + 16);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xff)));
                }
            } else if (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
            } else {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /**
     * @throws IllegalArgumentException a character the encoding cannot write (other than an escaped byte)
     */
    public static byte[] encode(String text, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean escaped = i < text.length() && text.charAt(i) >= 0xDC80 && text.charAt(i) <= 0xDCFF;
            if (escaped || i == text.length()) {
                if (i > start) {
                    try {
                        ByteBuffer b = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text, start, i));
                        out.write(b.array(), b.arrayOffset(), b.remaining());
                    } catch (CharacterCodingException e) {
                        throw new IllegalArgumentException("'" + charset.name() + "' cannot encode the new text: " + e.getMessage());
                    }
                }
                if (escaped) {
                    out.write(text.charAt(i) & 0xff);
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }
}
