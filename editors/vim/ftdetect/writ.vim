" Writ scripts: *.writ
autocmd BufRead,BufNewFile *.writ set filetype=writ
