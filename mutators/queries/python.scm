(class_definition name: (identifier) @definition)
(function_definition name: (identifier) @definition)
(parameters (identifier) @definition)
(default_parameter name: (identifier) @definition)
(typed_parameter (identifier) @definition)
(typed_default_parameter name: (identifier) @definition)
(list_splat_pattern (identifier) @definition)
(dictionary_splat_pattern (identifier) @definition)
(lambda_parameters (identifier) @definition)
(assignment left: (identifier) @definition)
(assignment left: (attribute attribute: (identifier) @definition))
(assignment left: (pattern_list (identifier) @definition))
(assignment left: (tuple_pattern (identifier) @definition))
(augmented_assignment left: (identifier) @definition)
(for_statement left: (identifier) @definition)
(for_statement left: (pattern_list (identifier) @definition))
(for_in_clause left: (identifier) @definition)
(with_item value: (as_pattern alias: (as_pattern_target (identifier) @definition)))
(except_clause (as_pattern alias: (as_pattern_target (identifier) @definition)))
(named_expression name: (identifier) @definition)
(global_statement (identifier) @definition)
; A relative import names first-party code: its module and the names it takes.
(relative_import (dotted_name (identifier) @definition))
(import_from_statement module_name: (relative_import) name: (dotted_name (identifier) @definition))
(import_from_statement module_name: (relative_import) name: (aliased_import name: (dotted_name (identifier) @definition)))

; What a module import binds (`import os`, `import numpy as np`): a library's unless the
; request defines it, and then a member reached through it (`os.environ`, `np.array`,
; `os.path.join`) is the library's too. `from acme import ledger` is no such root: it
; names first-party code as often as a library's.
(import_statement name: (dotted_name . (identifier) @import))
(import_statement name: (aliased_import alias: (identifier) @import))
(attribute object: (identifier) @qualifier attribute: (identifier) @member)
(attribute object: (attribute attribute: (identifier) @qualifier) attribute: (identifier) @member)
; The module a plain import names is a library's (`import zlib` beside `zlib = None`).
(import_statement name: (dotted_name) @library)
(import_statement name: (aliased_import name: (dotted_name) @library))
; The standard library's modules (Python 3.13's `sys.stdlib_module_names`, `_io` and the
; other private ones included) and the names imported from them are the library's (`from
; copy import deepcopy` keeps both where the file defines `copy`); what is reached through
; what a file binds them to (`import posixpath as path`, `from os import path`) is the
; library's even where the file defines the same name (`path.join` beside a `path`
; parameter).
([
  (import_statement name: (dotted_name . (identifier) @_stdlib @module))
  (import_statement name: (aliased_import name: (dotted_name . (identifier) @_stdlib) alias: (identifier) @module))
  (import_from_statement module_name: (dotted_name . (identifier) @_stdlib @library) name: (dotted_name . (identifier) @library @module))
  (import_from_statement module_name: (dotted_name . (identifier) @_stdlib @library) name: (aliased_import name: (dotted_name . (identifier) @library) alias: (identifier) @module))
  (import_from_statement module_name: (dotted_name . (identifier) @_stdlib @library))
 ]
 (#match? @_stdlib "^(__future__|_abc|_aix_support|_android_support|_ast|_asyncio|_bisect|_blake2|_bz2|_codecs|_codecs_cn|_codecs_hk|_codecs_iso2022|_codecs_jp|_codecs_kr|_codecs_tw|_collections|_collections_abc|_colorize|_compat_pickle|_compression|_contextvars|_csv|_ctypes|_curses|_curses_panel|_datetime|_dbm|_decimal|_elementtree|_frozen_importlib|_frozen_importlib_external|_functools|_gdbm|_hashlib|_heapq|_imp|_interpchannels|_interpqueues|_interpreters|_io|_ios_support|_json|_locale|_lsprof|_lzma|_markupbase|_md5|_multibytecodec|_multiprocessing|_opcode|_opcode_metadata|_operator|_osx_support|_overlapped|_pickle|_posixshmem|_posixsubprocess|_py_abc|_pydatetime|_pydecimal|_pyio|_pylong|_pyrepl|_queue|_random|_scproxy|_sha1|_sha2|_sha3|_signal|_sitebuiltins|_socket|_sqlite3|_sre|_ssl|_stat|_statistics|_string|_strptime|_struct|_suggestions|_symtable|_sysconfig|_thread|_threading_local|_tkinter|_tokenize|_tracemalloc|_typing|_uuid|_warnings|_weakref|_weakrefset|_winapi|_wmi|_zoneinfo|abc|antigravity|argparse|array|ast|asyncio|atexit|base64|bdb|binascii|bisect|builtins|bz2|cProfile|calendar|cmath|cmd|code|codecs|codeop|collections|colorsys|compileall|concurrent|configparser|contextlib|contextvars|copy|copyreg|csv|ctypes|curses|dataclasses|datetime|dbm|decimal|difflib|dis|doctest|email|encodings|ensurepip|enum|errno|faulthandler|fcntl|filecmp|fileinput|fnmatch|fractions|ftplib|functools|gc|genericpath|getopt|getpass|gettext|glob|graphlib|grp|gzip|hashlib|heapq|hmac|html|http|idlelib|imaplib|importlib|inspect|io|ipaddress|itertools|json|keyword|linecache|locale|logging|lzma|mailbox|marshal|math|mimetypes|mmap|modulefinder|msvcrt|multiprocessing|netrc|nt|ntpath|nturl2path|numbers|opcode|operator|optparse|os|pathlib|pdb|pickle|pickletools|pkgutil|platform|plistlib|poplib|posix|posixpath|pprint|profile|pstats|pty|pwd|py_compile|pyclbr|pydoc|pydoc_data|pyexpat|queue|quopri|random|re|readline|reprlib|resource|rlcompleter|runpy|sched|secrets|select|selectors|shelve|shlex|shutil|signal|site|smtplib|socket|socketserver|sqlite3|sre_compile|sre_constants|sre_parse|ssl|stat|statistics|string|stringprep|struct|subprocess|symtable|sys|sysconfig|syslog|tabnanny|tarfile|tempfile|termios|textwrap|this|threading|time|timeit|tkinter|token|tokenize|tomllib|trace|traceback|tracemalloc|tty|turtle|turtledemo|types|typing|unicodedata|unittest|urllib|uuid|venv|warnings|wave|weakref|webbrowser|winreg|winsound|wsgiref|xml|xmlrpc|zipapp|zipfile|zipimport|zlib|zoneinfo)$"))
; The modules an absolute import names (`from cryptography.x509 import NameOID`) are a
; library's where the file defines a name like one of them, unless the request holds that
; module's file.
(import_from_statement module_name: (dotted_name (identifier) @segment))
