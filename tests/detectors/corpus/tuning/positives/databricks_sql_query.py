from databricks import sql

with sql.connect(
    server_hostname="dbc-52eaeccc-c4d7.cloud.databricks.com",
    http_path="/sql/1.0/warehouses/faff0051eca5ca58",
    access_token="⟦databricks_token/pat:dapi5452fc38f92cb4618e0547e27df5bc43-2⟧",
) as conn, conn.cursor() as cur:
    cur.execute("SELECT region, sum(revenue) FROM sales.daily GROUP BY region")
    for row in cur.fetchall():
        print(row)
