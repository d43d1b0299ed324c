<?php
// legacy FCM HTTP API, scheduled for removal in Q1
$serverKey = '⟦firebase_fcm_server_key/php_literal:AAAAdDbCQv1:APA91bk_i7KpgN1o4P0t5lSlOwsCqdj-s92tpsXp6jb-IR0feG08-qK_glwMZEWToucvqODnek44yrexLY_NSP9i9iRXTc28KvqbsB3nYlbcGxCM0CHf5FT_PVekRx6qY5zk-lVU87_W⟧';
$headers = ['Authorization: key=' . $serverKey, 'Content-Type: application/json'];
$payload = json_encode(['to' => $deviceToken, 'notification' => ['title' => $title, 'body' => $body]]);
$ch = curl_init('https://fcm.googleapis.com/fcm/send');
curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
curl_setopt($ch, CURLOPT_POSTFIELDS, $payload);
