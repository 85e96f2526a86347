" Vim indent file for Writ (*.writ): one 'shiftwidth' more after a line
" that leaves a bracket open, one less on a line that starts with a closing
" bracket (so `} else {` lines up with its `if`); a line that closes a
" bracket opened on an earlier line goes back to that line's indent.
" Brackets inside strings and comments do not count.
if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal autoindent nosmartindent nocindent
setlocal indentexpr=WritIndent()
setlocal indentkeys=0},0],0),!^F,o,O
let b:undo_indent = "setlocal autoindent< smartindent< cindent< indentexpr< indentkeys<"

if exists("*WritIndent")
  finish
endif

function! s:InText(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 0), 'name') =~# '\vwrit%(String|TripleString|Quote|Escape|EscapeError|LineJoin|LineComment|BlockComment|Todo)$'
endfunction

function! WritIndent() abort
  let prev = prevnonblank(v:lnum - 1)
  if prev == 0
    return 0
  endif
  let text = getline(prev)
  let ind = indent(prev)
  " The previous line's brackets, past those that start it (already
  " accounted for in its own indent).
  let i = matchend(text, '^\s*[})\]]*')
  let open = 0
  let lastClose = -1
  while i < len(text)
    let c = text[i]
    if c =~# '[({[\])}]' && !s:InText(prev, i + 1)
      if c =~# '[({[]'
        let open += 1
      elseif open > 0
        let open -= 1
      else
        let lastClose = i
      endif
    endif
    let i += 1
  endwhile
  if lastClose >= 0
    " It closes a bracket opened earlier: back to the indent of that line.
    let pair = {')': '(', ']': '\[', '}': '{'}
    let close = text[lastClose]
    let save = getcurpos()
    call cursor(prev, lastClose + 1)
    let lnum = searchpair(pair[close], '', close == ']' ? '\]' : close, 'bW',
          \ 's:InText(line("."), col("."))')
    call setpos('.', save)
    if lnum > 0
      let ind = indent(lnum)
    endif
  endif
  if open > 0
    let ind += shiftwidth()
  endif
  if getline(v:lnum) =~# '^\s*[})\]]'
    let ind -= shiftwidth()
  endif
  return ind
endfunction
