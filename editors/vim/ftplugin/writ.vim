" Vim filetype plugin for Writ (*.writ): comments, and the two-space indent
" the project's sources use.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal suffixesadd=.writ
setlocal expandtab shiftwidth=2 softtabstop=2

let b:undo_ftplugin = "setlocal commentstring< comments< formatoptions< suffixesadd<"
      \ . " expandtab< shiftwidth< softtabstop<"
