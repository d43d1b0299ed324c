; The file's package: first-party names, but not a leading top-level domain (`com`), nor a
; segment that names a platform's own packages (`com.acme.kotlin.codegen`): those reveal
; nothing and are the roots of imports.
((package_header (qualified_identifier (identifier) . (identifier) @definition))
 (#not-match? @definition "^(java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))
((package_header (qualified_identifier . (identifier) @definition))
 ; `#not-any-of?` does not filter in this binding: `#not-match?` does.
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|biz|info|co|uk|de|ch|fr|nl|be|lu|at|it|es|se|no|dk|fi|ie|us|ca|au|jp|sg|hk|eu|java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))

; Classes, interfaces, enums and their entries, objects, companions, type aliases.
(class_declaration name: (identifier) @definition)
(object_declaration name: (identifier) @definition)
(companion_object name: (identifier) @definition)
(enum_entry (identifier) @definition)
(type_alias type: (identifier) @definition)
(type_parameter (identifier) @definition)

; Functions and methods. The compiler calls operator and delegate conventions by name
; (`a + b` is `plus`, `val x by lazy` calls `getValue`, `for` calls `iterator`): renaming
; those would hide what the code does and reveals nothing.
((function_declaration name: (identifier) @definition)
 (#not-match? @definition "^(plus|minus|times|div|rem|mod|rangeTo|rangeUntil|unaryPlus|unaryMinus|not|inc|dec|plusAssign|minusAssign|timesAssign|divAssign|remAssign|contains|get|set|invoke|compareTo|equals|iterator|next|hasNext|component[0-9]+|getValue|setValue|provideDelegate)$"))

; Properties: declared in a class or at top level, primary-constructor parameters (`val`,
; `var` or plain), and `this.limit = ...` where the declaration is not in the snippet. A
; constructor parameter's default value sits inside it (`val sink: Sink = defaultSink`):
; only the identifier that opens it, after its modifiers if any, is its name.
(class_parameter . (identifier) @definition)
(class_parameter (modifiers) . (identifier) @definition)
(assignment left: (navigation_expression . (this_expression) . (identifier) @definition))

; Locals, destructuring (`val (isin, qty) = ...`), `for` variables, lambda parameters and
; `when (val x = ...)`: all are a variable_declaration.
(variable_declaration (identifier) @definition)

; Parameters of functions, constructors, anonymous functions and setters; caught exceptions.
(parameter (identifier) @definition)
(setter (identifier) @definition)
(catch_block (identifier) @definition)

; Imports of the platform's packages name the platform's classes (`import kotlin.math.max`).
((import (qualified_identifier) @library) (#match? @library "^(java|javax|kotlin|kotlinx|android|androidx)\\."))
