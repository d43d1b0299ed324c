class ProductionConfig(Config):
    SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://portal:⟦url_password/sqlalchemy_uri:EH83ZIcpxlVj+vx0⟧@db-primary/portal"
    JWT_SECRET_KEY = "⟦secret/flask_jwt_secret:3bFJKdMSLBK2G0xBihAyo6IS9165S5j3W8IUp6gVJ2DAtj5z19S6JXe3mvdMh5fv⟧"
    MAIL_PASSWORD = "⟦password/flask_mail:Violetmaple43&⟧"
