// Tokenises Writ sources with the VS Code grammar, as VS Code does
// (vscode-textmate on the Oniguruma WebAssembly build). Run by
// tests/structure/editors_textmate.sh; by hand:
//   node tokenize.js [--grammar G] --golden FILE   check FILE's scope assertions (repeatable)
//   node tokenize.js [--grammar G] --files LIST    tokenise every file LIST names
//   node tokenize.js --strip FILE                  FILE less its assertion lines
//   node tokenize.js [--grammar G] --show FILE     print each token's scopes
// G defaults to ../vscode/syntaxes/writ.tmLanguage.json.
//
// --golden: an assertion is a comment line under a source line, with carets
// under the columns it is about (or "<-" for column 0) and the scopes the
// token there must have; "-scope" says it must not. A scope matches a token
// when one of the token's scopes is it or starts with it and a dot:
//     let n = 0x1F
//     //      ^^^^ constant.numeric.writ
//     // <- storage.type.writ
// Assertion lines are taken out before tokenising, so they may sit inside a
// """ string. The file fails on a missing or wrong scope.
//
// --files: LIST has one "valid PATH" or "invalid PATH" line per file (valid:
// it has no `// expect error`). Every file must tokenise without an exception
// and within --file-ms milliseconds of CPU (a regex that backtracks shows
// here: Oniguruma's retry limit stops each search, but late), and a
// valid file must end outside every string, comment and interpolation and
// hold no invalid.illegal token.
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const ASSERTION = /^(\s*)\/\/(\s*)(\^+|<-)\s+(\S.*)$/;

function parseArgs(argv) {
  const o = { grammar: path.join(__dirname, '..', 'vscode', 'syntaxes', 'writ.tmLanguage.json'), golden: [], fileMs: 5000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--grammar') o.grammar = argv[++i];
    else if (a === '--golden') o.golden.push(argv[++i]);
    else if (a === '--files') o.files = argv[++i];
    else if (a === '--strip') o.strip = argv[++i];
    else if (a === '--show') o.show = argv[++i];
    else if (a === '--file-ms') o.fileMs = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function splitLines(text) {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// The source lines without the assertions, each with its line in the file,
// and the assertions, each naming the source line (an index) it is under.
function readGolden(file) {
  const src = [], asserts = [];
  splitLines(fs.readFileSync(file, 'utf8')).forEach((text, i) => {
    const m = ASSERTION.exec(text);
    if (!m || src.length === 0) { src.push({ text, lineNo: i + 1 }); return; }
    const caretCol = m[3] === '<-' ? 0 : m[1].length + 2 + m[2].length;
    const len = m[3] === '<-' ? 1 : m[3].length;
    asserts.push({ lineNo: i + 1, target: src.length - 1, col: caretCol, len, scopes: m[4].trim().split(/\s+/) });
  });
  return { src, asserts };
}

async function loadGrammar(file) {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.writ' ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null,
  });
  const grammar = await registry.loadGrammar('source.writ');
  if (!grammar) throw new Error(`${file}: no grammar for source.writ`);
  return grammar;
}

// Tokens of every line: [[{start, end, scopes}]], and the state after the
// last line.
function tokenizeLines(grammar, lines) {
  let state = vsctm.INITIAL;
  const out = [];
  for (const text of lines) {
    const r = grammar.tokenizeLine(text, state);
    out.push(r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, text.length), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return { lines: out, state };
}

const has = (scopes, want) => scopes.some((s) => s === want || s.startsWith(want + '.'));

function checkGolden(grammar, file) {
  const { src, asserts } = readGolden(file);
  const { lines } = tokenizeLines(grammar, src.map((l) => l.text));
  let failed = 0;
  for (const a of asserts) {
    const line = src[a.target], toks = lines[a.target];
    for (let c = a.col; c < a.col + a.len; c++) {
      const tok = toks.find((t) => t.start <= c && c < t.end);
      const scopes = tok ? tok.scopes : [];
      const bad = a.scopes.filter((s) => (s.startsWith('-') ? has(scopes, s.slice(1)) : !has(scopes, s)));
      if (tok && bad.length === 0) continue;
      failed++;
      console.log(`${file}:${a.lineNo}: line ${line.lineNo} column ${c + 1} ` +
        `(${JSON.stringify(line.text.slice(c, c + 1))} in ${JSON.stringify(line.text.trim())}): ` +
        `wanted ${bad.join(' ') || a.scopes.join(' ')}, has ${scopes.join(' ') || 'no token'}`);
      break; // one report per assertion
    }
  }
  console.log(`${path.basename(file)}: ${asserts.length} assertions on ${new Set(asserts.map((a) => a.target)).size} lines, ${failed} failed`);
  if (asserts.length === 0) { console.log(`${file}: no assertions found`); return false; }
  return failed === 0;
}

function checkFiles(grammar, listFile, fileMs) {
  const entries = splitLines(fs.readFileSync(listFile, 'utf8')).filter((l) => l.trim()).map((l) => {
    const k = l.indexOf(' ');
    return { valid: l.slice(0, k) === 'valid', file: l.slice(k + 1) };
  });
  let failed = 0, slowest = { ms: 0 }, lineCount = 0;
  const t0 = Date.now();
  for (const { valid, file } of entries) {
    let result, ms, text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') continue; // gone since the list was made (a test's temporary file)
      throw e;
    }
    try {
      const lines = splitLines(text);
      lineCount += lines.length;
      const cpu = process.cpuUsage();
      result = tokenizeLines(grammar, lines);
      const used = process.cpuUsage(cpu);
      ms = Math.round((used.user + used.system) / 1000);
    } catch (e) {
      failed++;
      console.log(`${file}: ${e.message}`);
      continue;
    }
    if (ms > slowest.ms) slowest = { ms, file };
    if (ms > fileMs) { failed++; console.log(`${file}: took ${ms} ms of CPU to tokenise (limit ${fileMs} ms): a regex that backtracks?`); }
    if (!valid) continue;
    if (result.state.depth !== 1) {
      failed++;
      console.log(`${file}: ends inside ${openScopes(grammar, result.state)} (a valid file: the grammar lost track)`);
    }
    result.lines.forEach((toks, i) => {
      const bad = toks.find((t) => t.scopes.some((s) => s.startsWith('invalid.')));
      if (bad) { failed++; console.log(`${file}:${i + 1}:${bad.start + 1}: ${bad.scopes[bad.scopes.length - 1]} in a valid file`); }
    });
  }
  console.log(`files: ${entries.length} files, ${lineCount} lines in ${Date.now() - t0} ms ` +
    `(slowest ${slowest.ms} ms of CPU: ${slowest.file || '-'}), ${failed} problems`);
  if (entries.length === 0) { console.log('files: no files to tokenise'); return false; }
  return failed === 0;
}

// The scopes still open after the last line: those of an empty line more.
function openScopes(grammar, state) {
  const t = grammar.tokenizeLine('', state).tokens[0];
  return t ? t.scopes.slice(1).join(' > ') || 'a rule without a scope' : `a rule ${state.depth} deep`;
}

function show(grammar, file) {
  const lines = splitLines(fs.readFileSync(file, 'utf8'));
  const { lines: toks } = tokenizeLines(grammar, lines);
  toks.forEach((ts, i) => {
    console.log(`${i + 1}: ${lines[i]}`);
    for (const t of ts) console.log(`    ${JSON.stringify(lines[i].slice(t.start, t.end))} ${t.scopes.slice(1).join(' ')}`);
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.strip) {
    process.stdout.write(readGolden(o.strip).src.map((l) => l.text + '\n').join(''));
    return 0;
  }
  const grammar = await loadGrammar(o.grammar);
  let ok = true;
  if (o.show) show(grammar, o.show);
  for (const g of o.golden) ok = checkGolden(grammar, g) && ok;
  if (o.files) ok = checkFiles(grammar, o.files, o.fileMs) && ok;
  return ok ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => { console.log(`tokenize.js: ${e.stack || e}`); process.exitCode = 2; });
