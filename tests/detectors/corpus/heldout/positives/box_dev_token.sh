export BOX_DEVELOPER_TOKEN=⟦box_token/developer_token:jPJJyVnGSwGALf59vVIQXRbfOjnBOdfv⟧
box files:upload ./q3-pack.pdf --parent-id 238112991
