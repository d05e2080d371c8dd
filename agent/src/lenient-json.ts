/**
 * Parses JSON, also accepting the bare NaN / Infinity / -Infinity that Python's json.dumps writes
 * by default; they become null, so a diverged loss costs one field instead of the whole report.
 * Throws SyntaxError like JSON.parse when the text is not JSON even then.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const replaced = replaceNonFinite(text);
    if (replaced === text) throw strictError;
    return JSON.parse(replaced);
  }
}

const NON_FINITE = ['-Infinity', 'Infinity', 'NaN'];

function replaceNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (token !== undefined) {
      out += 'null';
      i += token.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}
