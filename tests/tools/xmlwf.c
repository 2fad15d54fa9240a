/* xmlwf.c - is a file well-formed XML (XHTML-style HTML with an optional
 * <!DOCTYPE html>)?  Tags balanced and properly nested, attribute values
 * quoted, entities known.  Prints the first problem with its line; exit 0
 * when well-formed, 1 otherwise.  A test tool, not installed. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *stack[256];
static int depth;

static int fail(long line, const char *msg, const char *detail);
static int fail(long line, const char *msg, const char *detail)
{
  fprintf(stderr, "line %ld: %s%s%s\n", line, msg, detail ? ": " : "", detail ? detail : "");
  return 1;
}

int main(int argc, char **argv)
{
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
  if (!f) { fprintf(stderr, "usage: xmlwf FILE\n"); return 2; }
  size_t cap = 1 << 20, n = 0;
  char *s = malloc(cap);
  for (size_t r; s && (r = fread(s + n, 1, cap - n - 1, f)) > 0;) {
    n += r;
    if (n + 1 >= cap) { cap *= 2; s = realloc(s, cap); }
  }
  fclose(f);
  if (!s) return 2;
  s[n] = '\0';
  long line = 1;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') line++;
    if (s[i] == '&') {
      static const char *const ents[] = { "amp;", "lt;", "gt;", "quot;", "apos;", "#" };
      int ok = 0;
      for (int k = 0; k < 6 && !ok; k++) ok = !strncmp(s + i + 1, ents[k], strlen(ents[k]));
      if (!ok) return fail(line, "unknown entity", NULL);
      continue;
    }
    if (s[i] != '<') continue;
    if (!strncmp(s + i, "<!--", 4)) { char *e = strstr(s + i, "-->"); if (!e) return fail(line, "unclosed comment", NULL); i = (size_t)(e - s) + 2; continue; }
    if (!strncmp(s + i, "<![CDATA[", 9)) { char *e = strstr(s + i, "]]>"); if (!e) return fail(line, "unclosed CDATA", NULL); i = (size_t)(e - s) + 2; continue; }
    if (!strncmp(s + i, "<!DOCTYPE", 9) || !strncmp(s + i, "<?", 2)) { char *e = strchr(s + i, '>'); if (!e) return fail(line, "unclosed declaration", NULL); i = (size_t)(e - s); continue; }
    int closing = s[i + 1] == '/';
    size_t j = i + 1 + (size_t)closing, k = j;
    while (k < n && (s[k] == '-' || s[k] == ':' || s[k] == '_' || (s[k] >= '0' && s[k] <= '9') || ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'))) k++;
    if (k == j) return fail(line, "bad tag", NULL);
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(k - j), s + j);
    /* attributes up to '>' */
    int selfclose = 0;
    while (k < n && s[k] != '>') {
      if (s[k] == '\n') line++;
      if (s[k] == '"' || s[k] == '\'') { char q = s[k]; char *e = strchr(s + k + 1, q); if (!e) return fail(line, "unclosed attribute", name); for (char *c = s + k; c < e; c++) line += *c == '\n'; k = (size_t)(e - s) + 1; continue; }
      if (s[k] == '=' && s[k + 1] != '"' && s[k + 1] != '\'') return fail(line, "unquoted attribute", name);
      if (s[k] == '<') return fail(line, "'<' inside a tag", name);
      selfclose = s[k] == '/';
      k++;
    }
    if (k >= n) return fail(line, "unclosed tag", name);
    if (closing) {
      if (depth == 0 || strcmp(stack[depth - 1], name)) return fail(line, "mismatched closing tag", name);
      free(stack[--depth]);
    } else if (!selfclose) {
      if (depth == 256) return fail(line, "nested too deeply", name);
      stack[depth++] = strdup(name);
    }
    i = k;
  }
  if (depth) return fail(line, "unclosed element", stack[depth - 1]);
  free(s);
  return 0;
}
