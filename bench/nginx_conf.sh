# nginx_conf.sh: sourced by bench/run.sh and bench/web_cache.sh.
#   nginx_conf DIR PORT   prints an nginx config serving DIR/root on
#                         127.0.0.1:PORT (2 workers, sendfile, no access
#                         log), its pid, log and temp files in DIR
nginx_conf() {
	local dir=$1 port=$2
	cat <<EOF2
daemon off; worker_processes 2; pid $dir/nginx.pid; error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; default_type text/html;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server { listen 127.0.0.1:$port; root $dir/root; }
}
EOF2
}
