<?php
require_once 'vendor/autoload.php';

$mailchimp = new \MailchimpMarketing\ApiClient();
$mailchimp->setConfig([
    'apiKey' => '⟦mailchimp_key/api_key:618fc0ba7c390301ab823b1d1d15ea0d-us6⟧',
    'server' => 'us6',
]);

$response = $mailchimp->lists->getListMembersInfo('a1b2c3d4e5', ['count' => 100]);
printf("synced %d members\n", count($response->members));
