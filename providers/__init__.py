"""Provider wire formats, sans-IO: where the text is in each AI API's requests and answers."""
