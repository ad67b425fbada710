# Shared by the benchmark scripts (sourced, not run): free ports, readiness polling, and
# the one nginx configuration every nginx comparison uses (2 workers, a reverse proxy
# with upstream keep-alive), so the sidecar and the proxy core are measured against the
# same nginx.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Polls until URL $1 answers (any status), for up to $2 tries (default 400) 50 ms apart.
wait_http() {
    for _ in $(seq "${2:-400}"); do
        python3 -c "import urllib.request; urllib.request.urlopen('$1', timeout=0.5)" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "$1 never answered" >&2; exit 1
}

# Writes nginx.conf into folder $1 (its pid, logs and temp files stay there): nginx on
# 127.0.0.1:$2 proxying to 127.0.0.1:$3 with upstream keep-alive.
write_nginx_conf() {
    cat >"$1/nginx.conf" <<NGINX
worker_processes 2;
pid $1/nginx.pid;
error_log $1/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $1/body; proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fcgi; uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
    upstream agent { server 127.0.0.1:$3; keepalive 128; }
    server {
        listen 127.0.0.1:$2;
        location / {
            proxy_pass http://agent;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
NGINX
}
