; The file's package and module (`module-info.java`) are first-party names. A dotted name
; nests to the left: `com.acme.wealth` is (scoped_identifier scope: (scoped_identifier
; scope: com name: acme) name: wealth), so each depth is spelled out.
; Later segments (each `name:`), but not one that names a platform's own packages
; (`com.acme.kotlin.codegen`): it reveals nothing and is the root of that platform's imports.
([
  (package_declaration (scoped_identifier name: (identifier) @definition))
  (package_declaration (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))))))
  (module_declaration name: (scoped_identifier name: (identifier) @definition))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition)))))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier name: (identifier) @definition))))))))))
 ]
 (#not-match? @definition "^(java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))
; The first segment (the innermost `scope:`), unless it is a top-level domain (`com`, `org`)
; or a platform's root: those reveal nothing and recur in every import.
([
  (package_declaration (identifier) @definition)
  (package_declaration (scoped_identifier scope: (identifier) @definition))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))))))
  (package_declaration (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))))))
  (module_declaration name: (identifier) @definition)
  (module_declaration name: (scoped_identifier scope: (identifier) @definition))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition)))))))))
  (module_declaration name: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (scoped_identifier scope: (identifier) @definition))))))))))
 ]
 ; `#not-any-of?` does not filter in this binding: `#not-match?` does.
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|biz|info|co|uk|de|ch|fr|nl|be|lu|at|it|es|se|no|dk|fi|ie|us|ca|au|jp|sg|hk|eu|java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))

; Types and their members. A constructor's name is its class's: captured too, for a snippet
; that shows the constructor without the class's header.
(class_declaration name: (identifier) @definition)
(interface_declaration name: (identifier) @definition)
(enum_declaration name: (identifier) @definition)
(enum_constant name: (identifier) @definition)
(record_declaration name: (identifier) @definition)
(annotation_type_declaration name: (identifier) @definition)
(annotation_type_element_declaration name: (identifier) @definition)
(type_parameter (type_identifier) @definition)
(method_declaration name: (identifier) @definition)
(constructor_declaration name: (identifier) @definition)
(compact_constructor_declaration name: (identifier) @definition)

; Fields, constants and locals (`int a = 1, b;` has one declarator per name; a varargs
; parameter's name is a declarator too).
(variable_declarator name: (identifier) @definition)
; `this.marketValue = ...`: a field, even where its declaration is not in the snippet.
(assignment_expression left: (field_access object: (this) field: (identifier) @definition))

; Parameters: of methods, constructors, records (their components), lambdas.
(formal_parameter name: (identifier) @definition)
(lambda_expression parameters: (identifier) @definition)
(inferred_parameters (identifier) @definition)
(catch_formal_parameter name: (identifier) @definition)

; Loop variables, try-with-resources, pattern bindings (`o instanceof Bond bond`,
; `case Bond(var coupon, var maturity)`, `case Equity e ->`), labels.
(enhanced_for_statement name: (identifier) @definition)
(resource name: (identifier) @definition)
(instanceof_expression name: (identifier) @definition)
(type_pattern (identifier) @definition)
(record_pattern_component (identifier) @definition)
(labeled_statement (identifier) @definition)

; Imports of the platform's packages name the platform's classes (`import java.util.List`),
; and so do the members reached through them (`Collections.sort`).
((import_declaration (scoped_identifier) @library) (#match? @library "^(java|javax|jakarta|android|androidx|kotlin|sun|jdk)\\."))
(field_access object: (identifier) @qualifier field: (identifier) @member)
(method_invocation object: (identifier) @qualifier name: (identifier) @member)
(scoped_type_identifier (type_identifier) @qualifier (type_identifier) @member)
