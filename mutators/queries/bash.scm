; Functions.
(function_definition name: (word) @definition)

; Variables assigned here (plain, local, declare, export, readonly, loop, read), except the
; ones the shell or the environment gives a meaning to.
((variable_assignment name: (variable_name) @definition)
 (#not-match? @definition "^(PATH|HOME|IFS|PS[1-4]|LANG|LC_[A-Z]+|TERM|SHELL|USER|LOGNAME|PWD|OLDPWD|TMPDIR|EDITOR|VISUAL|PAGER|CDPATH|HOSTNAME|RANDOM|SECONDS|OPTARG|OPTIND|OPTERR|REPLY|TZ|DISPLAY|MAIL|UMASK|HISTFILE|HISTSIZE|PROMPT_COMMAND|BASH_[A-Z_]+|LD_[A-Z_]+|PYTHONPATH|NODE_PATH|JAVA_HOME|GOPATH|DEBIAN_FRONTEND|http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY)$"))
((for_statement variable: (variable_name) @definition)
 (#not-match? @definition "^(PATH|HOME|IFS)$"))
((command
   name: (command_name (word) @_command)
   argument: (word) @definition)
 (#match? @_command "^(read|readarray|mapfile)$")
 (#not-match? @definition "^(REPLY|IFS)$"))
