" Checks the Vim files of editors/vim/ (tests/structure/editors_vim.sh):
"   vim -N -u NONE -i NONE -es --cmd 'set rtp^=editors/vim' \
"       --cmd 'let g:golden = FILE | let g:files = LIST | let g:out = OUT' \
"       -S editors/test/vimcheck.vim
" g:golden: a Writ sample (editors/test/golden.writ less its assertion
" lines), whose spots in s:spots must get the named highlight groups.
" g:files: lines "valid PATH" or "invalid PATH": each is highlighted to its
" end without an error; after a valid one, a line added at the end must be
" outside every string, comment and interpolation.
" Writes its findings to g:out, one per line, and "ok" last if there were
" none.
set nocompatible nomore
filetype plugin indent on
syntax on
let s:problems = []

function! s:Problem(msg) abort
  call add(s:problems, a:msg)
endfunction

" Where PATTERN (with \zs where the spot is) first matches, the innermost
" highlight group there must be GROUP.
let s:spots = [
      \ ['\V\zs// Golden lines', 'writLineComment'],
      \ ['\Vover "\zstwo"', 'writBlockComment'],
      \ ['\V\zsimport math', 'writInclude'],
      \ ['\Vmath \zsas m', 'writInclude'],
      \ ['\V\zslet n =', 'writStorage'],
      \ ['\V\zsvar total', 'writStorage'],
      \ ['\V\zs1_000_000', 'writNumber'],
      \ ['\V\zs3.25', 'writNumber'],
      \ ['\V\zs1e-9', 'writNumber'],
      \ ['\V\zs2.5E+3', 'writNumber'],
      \ ['\V\zs0xff_FF', 'writNumber'],
      \ ['\V\zs0b1010', 'writNumber'],
      \ ['\V0xff_FF \zs** 0b1010', 'writOperator'],
      \ ['\Vtotal \zs+= n', 'writOperator'],
      \ ['\Vn ^ 3) | \zs~n', 'writOperator'],
      \ ['\Vn \zs^ 3', 'writOperator'],
      \ ['\V\zs? 1 : 2', 'writOperator'],
      \ ['\V? 1 \zs: 2', 'writOperator'],
      \ ['\V1\zs..=9', 'writOperator'],
      \ ['\Vx) \zs=> x', 'writOperator'],
      \ ['\V\zstrue and', 'writBoolean'],
      \ ['\Vtrue \zsand not', 'writOperatorWord'],
      \ ['\Vor \zsnil ==', 'writNil'],
      \ ['\V\zsfor i, v', 'writRepeat'],
      \ ['\Vi, v \zsin 0..3', 'writOperatorWord'],
      \ ['\V\zswhile total', 'writRepeat'],
      \ ['\V  \zsif v >=', 'writConditional'],
      \ ['\V{ \zsbreak }', 'writStatement'],
      \ ['\V} \zselse if', 'writConditional'],
      \ ['\V\zsfn area', 'writDefine'],
      \ ['\Vfn \zsarea', 'writFunctionName'],
      \ ['\Vclass \zsShape {', 'writClassName'],
      \ ['\VSquare < \zsShape', 'writSuperName'],
      \ ['\V{ \zs@name = name }', 'writField'],
      \ ['\V"<\zs\\(@name)', 'writInterpolationDelim'],
      \ ['\V"<\\(\zs@name)', 'writField'],
      \ ['\Vreturn \zsself', 'writSelf'],
      \ ['\V{ \zssuper.new', 'writSelf'],
      \ ['\Vsys.\zsin != nil', 'writMember'],
      \ ['\V\zstry {', 'writException'],
      \ ['\V} \zscatch e', 'writException'],
      \ ['\Ve \zsis Error', 'writOperatorWord'],
      \ ['\V} \zsfinally', 'writException'],
      \ ['\Vlet s = \zs"tab', 'writQuote'],
      \ ['\Vlet s = "\zstab', 'writString'],
      \ ['\V"tab\zs\\t', 'writEscape'],
      \ ['\Vquote\zs\\"', 'writEscape'],
      \ ['\Vhex\zs\\xe9', 'writEscape'],
      \ ['\Vuni\zs\\u{1F600}', 'writEscape'],
      \ ['\Vslash\zs\\\\', 'writEscape'],
      \ ['\Vnot \zs// a comment"', 'writString'],
      \ ['\V"n is \zs\\(n)', 'writInterpolationDelim'],
      \ ['\Vtwice \\(n \zs* 2)', 'writOperator'],
      \ ['\Vtwice \\(n * \zs2)', 'writNumber'],
      \ ['\Vcall \\(area(n, (1 + \zs2) * 3)', 'writNumber'],
      \ ['\Vcall \\(area(n, (1 + 2) * 3)\zs) end', 'writInterpolationDelim'],
      \ ['\Vcall \\(area(n, (1 + 2) * 3)) \zsend"', 'writString'],
      \ ['\V"outer \\(["\zsin(", ', 'writString'],
      \ ['\V"outer \\(["in(", "\zs\\(n + 1)', 'writInterpolationDelim'],
      \ ['\V"outer \\(["in(", "\\(n + \zs1)', 'writNumber'],
      \ ['\V.join(")")\zs) after', 'writInterpolationDelim'],
      \ ['\V.join(")")) \zsafter', 'writString'],
      \ ['\V"escaped \zs\\\\(not', 'writEscape'],
      \ ['\V"escaped \\\\\zs(not', 'writString'],
      \ ['\V"\zsa \\(area(1,', 'writString'],
      \ ['\V\_^  \zs2)) b"', 'writNumber'],
      \ ['\V\_^  2)\zs) b"', 'writInterpolationDelim'],
      \ ['\V\_^  2)) \zsb"', 'writString'],
      \ ['\Vlet doc = \zs"""', 'writQuote'],
      \ ['\V\zsline one has', 'writTripleString'],
      \ ['\Vand \zs// no comment', 'writTripleString'],
      \ ['\Vtotal: \\(total \zs+ 1)', 'writOperator'],
      \ ['\Vtotal: \zs\\(total', 'writInterpolationDelim'],
      \ ['\Vescaped \zs\\"""', 'writEscape'],
      \ ['\Vescaped \\"\zs""', 'writTripleString'],
      \ ['\Va nested \\("string \\(n) in " \zs+ "("', 'writOperator'],
      \ ['\V here \zs\\\$', 'writLineJoin'],
      \ ['\V\zsjoined', 'writTripleString'],
      \ ['\V\zslet after', 'writStorage'],
      \ ]

function! s:CheckSpots(file) abort
  execute 'silent edit ' . fnameescape(a:file)
  if &filetype !=# 'writ'
    call s:Problem(a:file . ': filetype is "' . &filetype . '", not writ')
  endif
  if &commentstring !=# '// %s'
    call s:Problem(a:file . ': commentstring is "' . &commentstring . '"')
  endif
  for [pat, want] in s:spots
    call cursor(1, 1)
    if search(pat, 'cW') == 0
      call s:Problem('golden: ' . pat . ' is not in the sample')
      continue
    endif
    let got = synIDattr(synID(line('.'), col('.'), 1), 'name')
    if got !=# want
      call s:Problem('golden: at ' . pat . ' (line ' . line('.') . ', column ' . col('.') . '): wanted ' . want . ', has ' . (got ==# '' ? 'no group' : got))
    endif
  endfor
  bwipeout!
endfunction

" Indenting a sample gives it back as written.
function! s:CheckIndent() abort
  let want = [
        \ 'fn f(x) {',
        \ '  if x { // a comment {',
        \ '    return [',
        \ '      1,',
        \ '      "(",',
        \ '    ]',
        \ '  } else {',
        \ '    return g(',
        \ '      x)',
        \ '  }',
        \ '}',
        \ ]
  enew
  setfiletype writ
  call setline(1, map(copy(want), 'substitute(v:val, "^\\s*", "", "")'))
  silent normal! gg=G
  let got = getline(1, '$')
  if got != want
    call s:Problem('indent: gg=G gave ' . string(got))
  endif
  bwipeout!
endfunction

" Every file, in one buffer whose syntax is loaded once (far faster than
" editing each): the text replaced, the syntax parsed to the end.
function! s:CheckFiles(list) abort
  let n = 0
  let v:errmsg = ''
  enew
  setfiletype writ
  if get(b:, 'current_syntax', '') !=# 'writ' || v:errmsg !=# ''
    call s:Problem('the syntax did not load: ' . v:errmsg)
    return
  endif
  for entry in readfile(a:list)
    let [kind, file] = [matchstr(entry, '^\S\+'), matchstr(entry, '^\S\+ \zs.*')]
    if !filereadable(file)
      continue  " gone since the list was made (a test's temporary file)
    endif
    silent %delete _
    call setline(1, readfile(file) + ['zz'])
    syntax sync fromstart
    let n += 1
    " The line added at the end: outside every string, comment and
    " interpolation when the file is valid Writ.
    let stack = map(synstack(line('$'), 1), 'synIDattr(v:val, "name")')
    if kind ==# 'valid' && !empty(stack)
      call s:Problem(file . ': ends inside ' . join(stack, ' > ') . ' (a valid file: the syntax lost track)')
    endif
    if v:errmsg !=# ''
      call s:Problem(file . ': ' . v:errmsg)
      let v:errmsg = ''
    endif
  endfor
  bwipeout!
  if n == 0
    call s:Problem('no files to load')
  endif
endfunction

try
  call s:CheckSpots(g:golden)
  call s:CheckIndent()
  if get(g:, 'files', '') !=# ''
    call s:CheckFiles(g:files)
  endif
catch
  call s:Problem('vimcheck.vim: ' . v:exception . ' at ' . v:throwpoint)
endtry
call writefile(s:problems + (empty(s:problems) ? ['ok'] : []), g:out)
qall!
