<?php
$config = Brevo\Client\Configuration::getDefaultConfiguration()
    ->setApiKey('api-key', '⟦brevo_key/php: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⟧');
$api = new Brevo\Client\Api\TransactionalEmailsApi(new GuzzleHttp\Client(), $config);
