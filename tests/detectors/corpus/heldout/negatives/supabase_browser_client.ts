import { createBrowserClient } from "@supabase/ssr";

// anon key: safe in the browser, row level security applies
export const supabase = createBrowserClient(
  "https://qzkfbmxwyhrtlpjnsdvc.supabase.co",
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF6a2ZibXh3eWhydGxwam5zZHZjIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIzNDU2NzgsImV4cCI6MjAyNzkyMTY3OH0.7kiMS98tkz5mgVa8p2jG6EV132GC2t72CdIhdwcyHxY",
);
export const publishableKey = "sb_publishable_VZ0Yol7EP_SKqCyAX2gB5Y_3klzcbRm";
