<?php
define( 'DB_NAME', 'wp_marketing' );
define( 'DB_USER', 'wp_marketing' );
define( 'DB_PASSWORD', '⟦password/php_define:RWe7PTelV5q1TneL+X⟧' );
define( 'DB_HOST', 'mysql01.northwind.internal' );
define( 'AUTH_KEY',         '⟦secret/wp_auth_key:>@xgEm>s#qY40qy~GE=]&g7K7CCO0G|9T5w)IN7fzFV4v@pLNnt}Pk?k:*?Dv1u6⟧' );
